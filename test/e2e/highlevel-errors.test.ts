// HighLevel's refusals as a Zapier user reads them: the sandbox's own checks (duplicate email,
// unknown location, access, the queued delete) surfacing through the app's error handling.
import type { DeleteUserOutput } from '../../creates/delete_user';
import type { UserOutput } from '../../lib/highlevel/user';
import type { AuthData } from '../../dev/tour/harness';
import { authDataOf } from '../helpers/bundle';
import { failureOf, userMessage } from '../helpers/errors';
import { invoker, line, requestsDuring } from '../helpers/invoke';
import { sandboxForFile, storedUser } from '../helpers/sandbox';
import { eventually } from '../helpers/wait';

// Long enough that "queued, not yet done" holds between two steps even on a busy machine.
const sandbox = sandboxForFile({ deleteDelayMs: 1500, rateLimit: false });
const invoke = invoker(sandbox);

let agency: AuthData;
let sub: AuthData;
beforeAll(() => {
  agency = authDataOf(sandbox().agency);
  sub = authDataOf(sandbox().subAccount);
});

const PASSWORD = 'Sandbox-Password-1';

const userInput = (email: string, locationIds: string[]) => ({
  firstName: 'Dee',
  lastName: 'Plicate',
  email,
  password: PASSWORD,
  type: 'account',
  role: 'user',
  locationIds,
});

describe('Create User', () => {
  it("a taken email fails the step with HighLevel's words, password kept out", async () => {
    const input = userInput('taken@example.com', [sandbox().locations[0].id]);
    await invoke<UserOutput>('creates', 'create_user', agency, input);

    const requests = await requestsDuring(sandbox(), async () => {
      const err = await failureOf(() =>
        invoke('creates', 'create_user', agency, { ...input, email: 'TAKEN@example.com' }),
      );
      // An error, not a halt: the Zap's owner must learn that no user was created.
      expect(err.name).toBe('AppError');
      expect(JSON.parse(err.message)).toEqual({
        message: 'HighLevel rejected the request (HTTP 400): User already exists with this email.',
        code: 'rejected',
        status: 400,
      });
      expect(err.message).not.toContain(PASSWORD);
    });
    expect(requests.map((r) => `${line(r)} ${r.status}`)).toEqual(['POST /users/ 400']);
  });

  it('a location the company does not have fails the step naming it', async () => {
    const err = await failureOf(() =>
      invoke(
        'creates',
        'create_user',
        agency,
        userInput('nowhere@example.com', ['NoSuchLocation0000001']),
      ),
    );
    expect(err.name).toBe('AppError');
    expect(JSON.parse(err.message)).toEqual({
      message:
        'HighLevel rejected the request (HTTP 400): Location not found: NoSuchLocation0000001.',
      code: 'rejected',
      status: 400,
    });
    expect(err.message).not.toContain(PASSWORD);
  });

  it('a sub-account naming another location is refused access', async () => {
    const other = sandbox().locations[1].id;
    const err = await failureOf(() =>
      invoke('creates', 'create_user', sub, userInput('elsewhere@example.com', [other])),
    );
    expect(err.name).toBe('AppError');
    expect(userMessage(err)).toMatch(
      /^HighLevel refused access \(HTTP 403\): The token does not have access to this location\. /,
    );
  });
});

describe('Delete User', () => {
  it('is queued: a second Delete meanwhile answers the same; once done, the user is gone', async () => {
    const created = (
      await invoke<UserOutput>(
        'creates',
        'create_user',
        agency,
        userInput('short.lived@example.com', [sandbox().locations[0].id]),
      )
    ).result;
    const first = await invoke<DeleteUserOutput>('creates', 'delete_user', agency, {
      userId: created.id,
    });
    const second = await invoke<DeleteUserOutput>('creates', 'delete_user', agency, {
      userId: created.id,
    });
    expect(second.result).toEqual(first.result);
    expect((await storedUser(sandbox(), created.id)).deleted).toBe(false);

    await eventually(
      async () => (await storedUser(sandbox(), created.id)).deleted === true,
      'the queued deletion took effect',
    );

    const again = await failureOf(() =>
      invoke('creates', 'delete_user', agency, { userId: created.id }),
    );
    expect(userMessage(again)).toBe(
      'HighLevel could not find that user (HTTP 404: User not found). Check the ID, or whether it was deleted.',
    );
    const update = await failureOf(() =>
      invoke('creates', 'update_user', agency, { userId: created.id, lastName: 'Ghost' }),
    );
    expect(userMessage(update)).toMatch(/^HighLevel could not find that user \(HTTP 404/);

    // Its email is free again, as on HighLevel.
    const reused = await invoke<UserOutput>(
      'creates',
      'create_user',
      agency,
      userInput('short.lived@example.com', [sandbox().locations[0].id]),
    );
    expect(reused.result.id).not.toBe(created.id);
  });
});

describe('Updated User', () => {
  it('a sub-account watching a user outside its location is refused access', async () => {
    const outsider = (
      await invoke<UserOutput>(
        'creates',
        'create_user',
        agency,
        userInput('outsider@example.com', [sandbox().locations[2].id]),
      )
    ).result;
    const err = await failureOf(() => invoke('triggers', 'get_user', sub, { userId: outsider.id }));
    expect(userMessage(err)).toMatch(/^HighLevel refused access \(HTTP 403\)/);
  });
});
