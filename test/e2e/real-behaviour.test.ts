// The rows of docs/highlevel-behaviour.md, end to end: the sandbox answers as HighLevel really does
// (its default), and each answer reaches the Zap's owner as its real cause and its real fix.
import { createTester, refresh } from '../../dev/tour/harness';
import { authDataOf } from '../helpers/bundle';
import { failureOf, userMessage } from '../helpers/errors';
import { invoker, line } from '../helpers/invoke';
import { sandboxForFile } from '../helpers/sandbox';

const sandbox = sandboxForFile({ users: 20 });
const appTester = createTester();
const invoke = invoker(sandbox, appTester);

const agency = () => authDataOf(sandbox().agency);
const sub = () => authDataOf(sandbox().subAccount);
const MISSING = 'NoSuchUser0000000000';

describe('HighLevel as it really behaves, as the Zap owner reads it', () => {
  it('U1: an unknown user (HighLevel: 401 "The user does not exist.") is "not found", with no refresh', async () => {
    for (const [kind, key] of [
      ['triggers', 'get_user'],
      ['creates', 'delete_user'],
      ['creates', 'update_user'],
    ] as const) {
      const before = sandbox().requestLog.length;
      const error = await failureOf(() =>
        invoke(kind, key, agency(), { userId: MISSING, firstName: 'Never' }),
      );
      expect(error.name).toBe('AppError');
      expect(userMessage(error)).toBe(
        'HighLevel could not find that user (HTTP 401: The user does not exist). Check the ID, or whether it was deleted.',
      );
      expect(userMessage(error)).not.toMatch(/reconnect/i);
      // One request, no token call: a refresh cannot help.
      expect(sandbox().requestLog.slice(before).map(line)).toHaveLength(1);
    }
  });

  it('U4: Get User leaves restrictSubAccount out; the output still has it, as false', async () => {
    // The editor's test shows the user as it is (a poll shows only its changes).
    const { result, requests } = await invoke<Array<Record<string, unknown>>>(
      'triggers',
      'get_user',
      agency(),
      { userId: sandbox().agency.userId },
      { isLoadingSample: true },
    );
    expect(requests).toHaveLength(1);
    expect(result[0]?.restrictSubAccount).toBe(false);
    expect(result[0]?.id).toBe(sandbox().agency.userId);
  });

  it('U5: an agency user read from a Sub-account connection is an access error, not "reconnect"', async () => {
    const error = await failureOf(() =>
      invoke('triggers', 'get_user', sub(), { userId: sandbox().agency.userId }),
    );
    expect(userMessage(error)).toMatch(
      /^HighLevel refused access \(HTTP 403\): The token does not have access to this location\. This connection cannot reach that sub-account or user: connect at Agency level/,
    );
    expect(userMessage(error)).not.toMatch(/reconnect/i);
  });

  it('T2: a refresh token used twice is "already used, replay", never ExpiredAuthError', async () => {
    const tokens = sandbox().mintToken({ userType: 'Company' });
    const first = authDataOf(tokens);
    const renewed = await refresh(appTester, first);
    expect(renewed.refresh_token).not.toBe(first.refresh_token);
    const error = await failureOf(() => refresh(appTester, first));
    expect(error.name).toBe('AppError');
    expect(userMessage(error)).toContain(
      'HighLevel refused this connection\'s refresh token because it was already used (HighLevel said: "Invalid grant: refresh token is invalid")',
    );
    expect(userMessage(error)).toContain('replay this run');
  });

  it('T3: a paused sub-account says so; the same refresh token works once it is active again', async () => {
    const location = sandbox().locations[1]?.id ?? '';
    const tokens = authDataOf(sandbox().mintToken({ userType: 'Location', locationId: location }));
    sandbox().pauseLocation(location);
    try {
      const error = await failureOf(() => refresh(appTester, tokens));
      expect(error.name).toBe('AppError');
      expect(userMessage(error)).toBe(
        'HighLevel could not renew this connection because its sub-account is paused or inactive ' +
          '(HighLevel said: "Location is not active"). Reactivate the sub-account in HighLevel; the ' +
          'connection then works again by itself, with no need to reconnect.',
      );
    } finally {
      sandbox().resumeLocation(location);
    }
    const renewed = await refresh(appTester, tokens);
    expect(renewed.access_token).not.toBe(tokens.access_token);
  });
});

describe('a paused sub-account on an API call', () => {
  it('says the sub-account is paused, not "reconnect", and sends no refresh', async () => {
    const location = sandbox().locations[2]?.id ?? '';
    const tokens = authDataOf(sandbox().mintToken({ userType: 'Location', locationId: location }));
    sandbox().pauseLocation(location);
    try {
      const before = sandbox().requestLog.length;
      const error = await failureOf(() => invoke('triggers', 'search_users', tokens));
      expect(userMessage(error)).toBe(
        'HighLevel refused the request because the sub-account is paused or inactive (HighLevel ' +
          'said: "Location is not active."). Reactivate it in HighLevel; the connection then works ' +
          'again, with no need to reconnect.',
      );
      expect(sandbox().requestLog.slice(before).map(line)).toEqual(['GET /users/search']);
    } finally {
      sandbox().resumeLocation(location);
    }
  });
});
