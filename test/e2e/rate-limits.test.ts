// HighLevel's rate limits as the app meets them: the sandbox allows 3 requests a minute per
// company (agency tokens) or per location (sub-account tokens) here, and answers the next one
// with a 429 and its X-RateLimit-* headers but no Retry-After. The app must turn that into a
// ThrottledError whose delay Zapier waits before retrying.
import type { UserOutput } from '../../lib/highlevel/user';
import { authDataOf } from '../helpers/bundle';
import { failureOf, shown } from '../helpers/errors';
import { invoker, traced } from '../helpers/invoke';
import { sandboxForFile } from '../helpers/sandbox';
import { secondsToUtcMidnight } from '../helpers/wait';

const WINDOW_MS = 60_000;

const sandbox = sandboxForFile({ rateLimit: { burst: 3, windowMs: WINDOW_MS, daily: 200_000 } });
const invoke = invoker(sandbox);

it('the 4th poll in the window raises ThrottledError with the delay from the headers', async () => {
  const agency = authDataOf(sandbox().agency);
  for (let i = 0; i < 3; i += 1) {
    const { requests } = await invoke<UserOutput[]>('triggers', 'search_users', agency);
    expect(requests.map((r) => r.status)).toEqual([200]);
  }

  const { result: err, requests } = await traced(sandbox(), () =>
    failureOf(() => invoke('triggers', 'search_users', agency)),
  );
  expect(requests.map((r) => r.status)).toEqual([429]);
  expect(err.name).toBe('ThrottledError');
  // The whole of what core keeps (a JSON message): these two keys and nothing else.
  expect(JSON.parse(err.message)).toEqual({
    message:
      'HighLevel is rate limiting this account (3 requests per 60 seconds). Zapier will retry in 60 seconds.',
    delay: WINDOW_MS / 1000,
  });

  // Limits are per resource: a sub-account of the same agency still has its own three.
  const sub = await invoke<UserOutput[]>(
    'triggers',
    'search_users',
    authDataOf(sandbox().subAccount),
  );
  expect(sub.requests.map((r) => r.status)).toEqual([200]);
});

it('a used-up daily quota raises ThrottledError until midnight UTC', async () => {
  sandbox().injectFault({ kind: 'daily-limit' });
  const err = await failureOf(() =>
    invoke('triggers', 'user_choices', authDataOf(sandbox().subAccount)),
  );
  const { name, message, delay } = shown(err);
  expect(name).toBe('ThrottledError');
  expect(message).toMatch(
    /^HighLevel's daily API limit of 200,000 requests for this account is used up\. It resets at midnight UTC/,
  );
  expect(Math.abs(Number(delay) - secondsToUtcMidnight())).toBeLessThan(5);
});
