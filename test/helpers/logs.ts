// Everything a test prints, captured (core's own request logs, the console, stdout, stderr), for
// the tests that must show a secret never reaches a log.
import { inspect } from 'node:util';

export interface LogCapture {
  /** Everything printed since the last clear, one entry per write. */
  readonly lines: string[];
  text(): string;
  clear(): void;
}

/**
 * Installs the capture for the file's tests (beforeAll/afterAll), with core's stdout logging on
 * and `env` set; clears it before each test.
 */
export const captureLogs = (env: Record<string, string> = {}): LogCapture => {
  const lines: string[] = [];
  const capture = (...args: unknown[]): void => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '));
  };
  const settings: Record<string, string> = {
    LOG_TO_STDOUT: 'true',
    DETAILED_LOG_TO_STDOUT: 'true',
    ...env,
  };
  const saved = new Map<string, string | undefined>();
  const spies: jest.SpyInstance[] = [];

  beforeAll(() => {
    for (const [key, value] of Object.entries(settings)) {
      saved.set(key, process.env[key]);
      process.env[key] = value;
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(jest.spyOn(console, method).mockImplementation(capture));
    }
    const write = ((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(write));
    spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(write));
  });
  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  beforeEach(() => {
    lines.length = 0;
  });

  return {
    lines,
    text: () => lines.join('\n'),
    clear: () => {
      lines.length = 0;
    },
  };
};
