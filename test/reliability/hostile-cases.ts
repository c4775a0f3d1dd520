// What the hostile-answer and hostile-input tests share: the leak check by name, and the batch
// check that counts every case of a table.
import type { HostileClass, Tally } from './tally';

/** Which of `values` occur in `text`, by name. */
export const found = (text: string, values: Record<string, string>): string[] =>
  Object.entries(values)
    .filter(([, value]) => value !== '' && text.includes(value))
    .map(([name]) => name);

export interface Case {
  name: string;
  run: () => Promise<void>;
}

/**
 * Runs every case of a table, each counted as one hostile case of `kind` (tried, and passed when
 * it resolves), and fails the test with every case that failed, by name.
 */
export const checkAll = async (tally: Tally, kind: HostileClass, cases: Case[]): Promise<void> => {
  const failures: string[] = [];
  for (const c of cases) {
    try {
      await tally.hostile(kind, c.run);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`${c.name}: ${message.split('\n').slice(0, 12).join('\n')}`);
    }
  }
  expect(failures).toEqual([]);
};
