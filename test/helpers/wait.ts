// Waiting on a real server, for the tests that talk to the sandbox: a fixed pause, a condition
// polled until it holds, the request log catching up with an answer the sandbox logs late, and
// the wait until HighLevel's daily limit resets.
import type { Sandbox } from '../../dev/sandbox/server';

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (polling every 20 ms), or fails after `timeoutMs`. */
export const eventually = async (
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 3000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await sleep(20);
  }
};

/** Waits until the sandbox logged `count` requests since `from` (a slow answer is logged late). */
export const settled = async (sandbox: Sandbox, from: number, count: number, withinMs = 3000) => {
  const until = Date.now() + withinMs;
  while (sandbox.requestLog.length - from < count && Date.now() < until) await sleep(20);
};

/** Seconds until the next midnight UTC, when HighLevel's daily request limit resets. */
export const secondsToUtcMidnight = (): number => {
  const now = new Date();
  return (
    (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000
  );
};
