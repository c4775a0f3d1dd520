// HighLevel's rate limits as the sandbox really enforces them (not injected 429s): the
// ThrottledError's delay follows the X-RateLimit headers, the daily limit says so and when it
// resets, and no operation tries again by itself.
import { bundleFor, performOf, type AuthData } from '../../dev/tour/harness';
import { authDataOf } from '../helpers/bundle';
import { failureOf, INTERNALS, shown } from '../helpers/errors';
import { createRunner, traced } from '../helpers/invoke';
import { sandboxForFile } from '../helpers/sandbox';
import { secondsToUtcMidnight, sleep } from '../helpers/wait';
import { tallyFor } from './tally';

const tally = tallyFor(__filename);
const appTester = createRunner();
// Small limits so they are reached in a few calls: 3 per second, 5 a day.
const WINDOW_MS = 1000;
const sandbox = sandboxForFile({ rateLimit: { burst: 3, windowMs: WINDOW_MS, daily: 5 } });

let agency: AuthData;
beforeAll(() => {
  agency = authDataOf(sandbox().agency);
});

const poll = () => appTester(performOf('triggers', 'search_users'), bundleFor(agency, {}));

it('over the burst limit: ThrottledError after the interval HighLevel names, one request', () =>
  tally.check('faultsTried', 'faultsSurvived', async () => {
    for (let i = 0; i < 3; i += 1) await poll();
    const { result, requests } = await traced(sandbox(), () => failureOf(poll));
    const error = shown(result);
    expect(requests).toHaveLength(1);
    expect(error.name).toBe('ThrottledError');
    expect(error.delay).toBe(WINDOW_MS / 1000);
    expect(error.message).toMatch(
      /^HighLevel is rate limiting this account \(3 requests per 1 second\)\. Zapier will retry in 1 second\.$/,
    );
  }));

it('over the daily limit: ThrottledError until midnight UTC, saying so, one request', () =>
  tally.check('faultsTried', 'faultsSurvived', async () => {
    await sleep(WINDOW_MS + 50);
    // 3 of the day's 5 were used above (the refused one does not count).
    await poll();
    await poll();
    const { result, requests } = await traced(sandbox(), () => failureOf(poll));
    const error = shown(result);
    expect(requests).toHaveLength(1);
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(
      /^HighLevel's daily API limit of 5 requests for this account is used up\. It resets at midnight UTC \(in about \d+ hours?\); Zapier will try again then\.$/,
    );
    expect(error.message).not.toMatch(INTERNALS);
    expect(Math.abs((error.delay ?? 0) - secondsToUtcMidnight())).toBeLessThan(5);
  }));
