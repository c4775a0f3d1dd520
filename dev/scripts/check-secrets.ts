// Fails when a file that would be committed carries something that looks like a real HighLevel
// credential: a Private Integration Token, a JWT (HighLevel's access and refresh tokens are JWTs),
// or a client secret / token written out as a value. Run by `npm run lint`, so by `npm test`.
//
// Obvious fakes pass: values containing test, fake, example, sample, dummy, sandbox, placeholder,
// changeme, your-, xxx, "..." or "<", values made of one or two repeated characters, and JWTs whose
// payload says one of those words. A line can opt out with the comment `secret-check: allow`.
// Found values are never printed in full, so a CI log does not leak them a second time.
//
// Runs straight from TypeScript (Node 22 strips the types), so it needs no build step.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Finding {
  file: string;
  line: number;
  kind: string;
  value: string;
}

interface Rule {
  kind: string;
  pattern: RegExp;
  /** Which capture group holds the secret (0 = the whole match). */
  group: number;
}

const RULES: Rule[] = [
  {
    kind: 'HighLevel Private Integration Token',
    pattern: /\bpit-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    group: 0,
  },
  {
    kind: 'JWT (HighLevel access/refresh token)',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    group: 0,
  },
  {
    // client_secret: 'abc...', "access_token": "...", CLIENT_SECRET = `...`
    kind: 'secret written as a quoted value',
    pattern:
      /\b(?:client_?secret|access_?token|refresh_?token|api_?key|private_?token)["']?\s*[:=]\s*(["'`])([^"'`\s]{16,})\1/gi,
    group: 2,
  },
  {
    // .env style: CLIENT_SECRET=abc..., authData_access_token=...
    kind: 'secret in an environment assignment',
    pattern:
      /^\s*(?:export\s+)?(?:CLIENT_SECRET|authData_access_token|authData_refresh_token)\s*=\s*["']?([^"'\s#]{12,})/gim,
    group: 1,
  },
];

const FAKE = /test|fake|example|sample|dummy|sandbox|placeholder|changeme|your[-_]|xxx|\.\.\.|…|</i;
const ALLOW_MARKER = 'secret-check: allow';
const SKIP_DIRS = new Set(['.git', 'node_modules', 'build', 'coverage']);
const MAX_BYTES = 2_000_000;

const looksFake = (value: string): boolean => {
  if (FAKE.test(value)) return true;
  const chars = new Set(
    value
      .replace(/^pit-/i, '')
      .replace(/[^A-Za-z0-9]/g, '')
      .toLowerCase(),
  );
  return chars.size <= 2;
};

const jwtPayloadLooksFake = (token: string): boolean => {
  const payload = token.split('.')[1] ?? '';
  try {
    return FAKE.test(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
};

/** Files git would commit: tracked ones plus new ones that are not ignored. */
const candidateFiles = (root: string): string[] => {
  try {
    const out = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return [...new Set(out.split('\0').filter(Boolean))];
  } catch {
    // Not a git checkout (an unpacked archive): walk the tree, minus what .gitignore lists.
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name));
        } else if (entry.isFile() && entry.name !== '.env') {
          files.push(relative(root, join(dir, entry.name)));
        }
      }
    };
    walk(root);
    return files;
  }
};

const mask = (value: string): string => `${value.slice(0, 6)}… (${value.length} characters)`;

const scanText = (file: string, text: string): Finding[] => {
  const findings: Finding[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((content, index) => {
    if (content.includes(ALLOW_MARKER)) return;
    for (const rule of RULES) {
      for (const match of content.matchAll(rule.pattern)) {
        const value = match[rule.group] ?? match[0];
        if (looksFake(value)) continue;
        if (rule.group === 0 && value.startsWith('eyJ') && jwtPayloadLooksFake(value)) continue;
        findings.push({ file, line: index + 1, kind: rule.kind, value: mask(value) });
      }
    }
  });
  return findings;
};

const root = process.cwd();
const findings: Finding[] = [];
let scanned = 0;
for (const file of candidateFiles(root)) {
  const path = join(root, file);
  // A tracked file deleted from the work tree has no stats.
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.size > MAX_BYTES) continue;
  const buffer = readFileSync(path);
  if (buffer.subarray(0, 8000).includes(0)) continue; // binary
  scanned += 1;
  findings.push(...scanText(file, buffer.toString('utf8')));
}

if (findings.length) {
  console.error(`Possible secrets in ${findings.length} place(s):`);
  for (const f of findings) console.error(`  ${f.file}:${f.line}  ${f.kind}: ${f.value}`);
  console.error(
    '\nRemove them (and revoke any that were ever pushed). Keep real values in .env, which git ' +
      'ignores. For a deliberate fake, make it obviously fake (for example "test-…") or end the ' +
      `line with the comment "${ALLOW_MARKER}".`,
  );
  process.exitCode = 1;
} else {
  console.log(`check-secrets: ${scanned} files scanned, no credentials found.`);
}
