// Requests per invocation: what each Zap step spends of HighLevel's 100 per 10 s and 200,000 a day.
// The warm runs count each operation's (warm.ts); Find or Create runs here, as Zapier runs it.
import { PAGE_SIZE } from '../../lib/highlevel/config';
import { counted, findOrCreate, type AppTester } from '../tour/harness';
import type { BenchContext } from './context';
import type { OperationResult } from './warm';

export interface FindOrCreateResult {
  found: { requests: number; limit: number; ok: boolean };
  created: { requests: number; limit: number; ok: boolean };
}

/** Find or Create User as Zapier runs it: the search, then the create only when nothing matched. */
export const measureFindOrCreate = async (
  context: BenchContext,
  appTester: AppTester,
): Promise<FindOrCreateResult> => {
  const { sandbox, authData } = context;
  const existingEmail = context.seeded[0].email;
  const location = sandbox.locations[0].id;
  process.stderr.write('find or create...\n');
  const found: number[] = [];
  const created: number[] = [];
  for (let i = 0; i < 5; i++) {
    const hit = await counted(sandbox, () =>
      findOrCreate(appTester, authData, { email: existingEmail }),
    );
    if (hit.result.created) throw new Error('find_or_create: the existing user was not found.');
    found.push(hit.requests);
    const miss = await counted(sandbox, () =>
      findOrCreate(appTester, authData, {
        email: `bench.foc.${Date.now().toString(36)}.${i}@example.com`,
        firstName: 'Bench',
        lastName: 'Find Or Create',
        password: 'Bench-Password-1',
        type: 'account',
        role: 'user',
        locationIds: [location],
      }),
    );
    if (!miss.result.created) throw new Error('find_or_create: a new email matched a user.');
    created.push(miss.requests);
  }
  const check = (counts: number[], limit: number) => ({
    requests: Math.max(...counts),
    limit,
    ok: Math.max(...counts) <= limit,
  });
  return { found: check(found, 1), created: check(created, 2) };
};

/** Find or Create's row in the per-operation table: its name and its requests. */
export const findOrCreateRow = (foc: FindOrCreateResult): [string, string] => [
  'find_or_create (found / created)',
  `${foc.found.requests} / ${foc.created.requests} (<= 2) ${foc.found.ok && foc.created.ok ? 'ok' : 'OVER'}`,
];

/** The lines under the per-operation table on requests, items and the baselines' requests. */
export const requestLines = (results: OperationResult[], foc: FindOrCreateResult): string[] => {
  const failures =
    results.filter((r) => !r.requests.ok).length + (foc.found.ok && foc.created.ok ? 0 : 1);
  const mismatched = results.filter((r) => !r.sameRequest).map((r) => r.op);
  const overfull = results.filter((r) => r.items > PAGE_SIZE).map((r) => r.op);
  return [
    `\nRequests: ${failures === 0 ? 'every operation is within its limit' : `${failures} over the limit`} ` +
      '(1 per trigger, search, create and dropdown page; Find or Create 2 at most). One request ' +
      'per poll: a Zap polling every minute spends 1,440 of the 200,000 a day (about 138 such Zaps ' +
      'per company), every 15 minutes 96 (about 2,083).',
    overfull.length === 0
      ? `Items: every operation returned at most ${PAGE_SIZE} items to Zapier.`
      : `Items: more than ${PAGE_SIZE} returned by ${overfull.join(', ')}.`,
    mismatched.length === 0
      ? 'Baselines: the minimal core app and fetch made exactly the request the app made (method, path, query) for every operation.'
      : `Baselines: different request from the app's for ${mismatched.join(', ')}.`,
  ];
};
