/**
 * scripts/prism-check.ts without HighLevel's documents: it must say so and exit 0. (The real
 * check needs ../shared and the npm registry; run `npm run check:prism`, see docs/prism-check.md.)
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

it('explains that ../shared/reference is needed and exits 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prism-check-test-'));
  try {
    const project = join(dir, 'project'); // its ../shared does not exist
    mkdirSync(project);
    const script = resolve(__dirname, '../../dev/scripts/prism-check.ts');
    const r = spawnSync(
      process.execPath,
      ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--experimental-strip-types', script],
      { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("needs HighLevel's OpenAPI documents in ../shared/reference");
    expect(r.stdout).toContain('a clone of only this project cannot run it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
