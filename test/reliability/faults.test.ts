// Faults from HighLevel, over real HTTP against the sandbox: every fault the sandbox can inject
// (gateway pages, malformed and empty JSON, a reset connection, a slow answer, burst and daily
// 429s) meets every kind of operation. The user must read a HighLevel error they can act on, and
// the app must never retry by itself: one request per invocation, one write at most.
import type { FaultSpec } from '../../dev/sandbox/server';
import { authDataOf } from '../helpers/bundle';
import { authentication } from '../helpers/definition';
import { failureOf, INTERNALS, shown } from '../helpers/errors';
import { createRunner } from '../helpers/invoke';
import { knownUser, pendingFaults, sandboxForFile } from '../helpers/sandbox';
import type { UserLike } from '../helpers/users';
import { secondsToUtcMidnight, settled } from '../helpers/wait';
import { bundleFor, type AuthData } from '../../dev/tour/harness';
import { sandboxOperations } from './sandbox-operations';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = createRunner();
const sandbox = sandboxForFile({ rateLimit: false, deleteDelayMs: 0 });

const TIMEOUT_MS = 250;
const SLOW_MS = 700;

let agency: AuthData;
let known: UserLike;

beforeAll(async () => {
  agency = authDataOf(sandbox().agency);
  known = await knownUser(sandbox());
});

afterEach(() => {
  delete process.env.GHL_REQUEST_TIMEOUT_MS;
});

const OPERATIONS = sandboxOperations(sandbox, appTester, () => known);

interface Fault {
  name: string;
  spec: Omit<FaultSpec, 'path'>;
  /** What the user must read (all of it). */
  says: string[];
  /** What a write must add (the user must check before running the step again). */
  writeSays?: string;
  /** What the token endpoint's failure must say, when it differs from `says`. */
  tokenSays?: string[];
  throttled?: 'burst' | 'daily';
}

const FAULTS: Fault[] = [
  ...[500, 502, 503].map((status): Fault => ({
    name: `HTTP ${status} with an HTML page`,
    spec: { kind: 'status', status },
    says: ['HighLevel', `HTTP ${status}`],
    // A gateway's error page says nothing about whether HighLevel behind it made the change.
    writeSays: 'may or may not have been made',
  })),
  {
    name: 'malformed JSON',
    spec: { kind: 'malformed' },
    says: ['HighLevel', 'HTTP 200', 'JSON'],
    tokenSays: ['HighLevel returned an unexpected response for the token request'],
  },
  {
    name: 'an empty body',
    spec: { kind: 'empty' },
    says: ['HighLevel', 'HTTP 200', 'empty'],
    tokenSays: ['HighLevel returned an unexpected response for the token request'],
  },
  {
    name: 'a reset connection',
    spec: { kind: 'reset' },
    says: ['HighLevel', 'connection was reset'],
    writeSays: 'may or may not have been made',
  },
  {
    name: 'an answer slower than the request timeout',
    spec: { kind: 'slow', delayMs: SLOW_MS },
    says: ['HighLevel', `did not answer within ${TIMEOUT_MS} milliseconds`],
    writeSays: 'may or may not have been made',
  },
  {
    name: 'the burst rate limit (429)',
    spec: { kind: 'rate-limit' },
    says: ['HighLevel', 'rate limiting', '100 requests per 10 seconds', 'retry in 10 seconds'],
    throttled: 'burst',
  },
  {
    name: 'the daily rate limit (429)',
    spec: { kind: 'daily-limit' },
    says: ['HighLevel', 'daily API limit', 'resets at midnight UTC'],
    throttled: 'daily',
  },
];

/** Zapier retries after the interval HighLevel names, or at its day's end (midnight UTC). */
const expectDelay = (fault: Fault, delay: number | undefined): void => {
  if (fault.throttled === 'burst') expect(delay).toBe(10);
  else expect(Math.abs((delay ?? 0) - secondsToUtcMidnight())).toBeLessThan(5);
};

/**
 * The fault met exactly one request: it was consumed, and nothing else reached the sandbox (a
 * retry would have been answered normally, and logged). The request the app gave up on while it
 * was held by a 'slow' fault is never logged, so only its fault's consumption shows it.
 */
const expectOneRequest = async (fault: Fault, before: number, path: string): Promise<void> => {
  const sb = sandbox();
  expect(await pendingFaults(sb)).toBe(0);
  const expected = fault.spec.kind === 'slow' ? [] : [path];
  await settled(sb, before, expected.length);
  expect(sb.requestLog.slice(before).map((r) => r.path)).toEqual(expected);
};

describe.each(FAULTS)('HighLevel answers with $name', (fault) => {
  it.each(OPERATIONS.map((op) => [op.name, op] as const))(
    '%s: a readable HighLevel error, and exactly one request',
    (_name, op) =>
      tally.check('faultsTried', 'faultsSurvived', async () => {
        const input = await op.input();
        if (fault.spec.kind === 'slow') process.env.GHL_REQUEST_TIMEOUT_MS = String(TIMEOUT_MS);
        const sb = sandbox();
        sb.injectFault({ ...fault.spec, path: op.path });
        const before = sb.requestLog.length;

        const error = shown(await failureOf(() => op.run(agency, input)));

        await expectOneRequest(fault, before, op.path);

        expect(error.message).not.toMatch(INTERNALS);
        for (const text of fault.says) expect(error.message).toContain(text);
        if (fault.throttled) {
          expect(error.name).toBe('ThrottledError');
          expectDelay(fault, error.delay);
        } else {
          // A polling trigger fails the poll (Zapier polls again later); it never reports "nothing new".
          expect(error.name).toBe('AppError');
        }
        if (op.write && fault.writeSays) expect(error.message).toContain(fault.writeSays);
        if (op.write) expect(error.message).not.toContain('Nothing was changed');
      }),
  );
});

describe('faults at the token endpoint, during a refresh', () => {
  const refreshOnce = (auth: AuthData) =>
    appTester(authentication.oauth2Config.refreshAccessToken, bundleFor(auth));

  it.each(FAULTS.map((fault) => [fault.name, fault] as const))(
    '%s: a readable HighLevel error, one request, the stored refresh token still usable',
    (_name, fault) =>
      tally.check('faultsTried', 'faultsSurvived', async () => {
        const sb = sandbox();
        const auth = authDataOf(sb.mintToken({ userType: 'Company' }));
        if (fault.spec.kind === 'slow') process.env.GHL_REQUEST_TIMEOUT_MS = String(TIMEOUT_MS);
        sb.injectFault({ ...fault.spec, path: '/oauth/token' });
        const before = sb.requestLog.length;

        const error = shown(await failureOf(() => refreshOnce(auth)));

        await expectOneRequest(fault, before, '/oauth/token');
        expect(error.message).not.toMatch(INTERNALS);
        for (const text of fault.tokenSays ?? fault.says) expect(error.message).toContain(text);
        // Not ExpiredAuthError ("reconnect"): a passing fault must not cost the user the connection.
        expect(error.name).toBe(fault.throttled ? 'ThrottledError' : 'AppError');
        if (fault.throttled) expectDelay(fault, error.delay);
        // A refresh whose answer never came may have rotated the token at HighLevel; the sandbox
        // drops it, but nothing certain can be said about that case.
        if (fault.spec.kind === 'slow') return;
        // The fault consumed no token: the same refresh token still works.
        const fresh = (await refreshOnce(auth)) as AuthData;
        expect(fresh.refresh_token).not.toBe(auth.refresh_token);
      }),
  );
});
