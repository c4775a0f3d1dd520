// A jest reporter that prints one summary of the reliability tests (test/reliability/): faults
// tried and survived, fuzz cases generated, refused and sent, secret scans passed, and hostile
// cases tried and passed, with one line per class of hostile answer or input. The test files
// write their figures (test/reliability/tally.ts) into a directory this reporter makes for the
// run; when no reliability test ran, it prints nothing.
//
// Plain CommonJS: jest loads reporters without its transform. The class list and the directory's
// variable come from tally.ts itself, which Node (22.18 and later) loads by stripping its types, as
// it runs dev/scripts/check-secrets.ts for `npm run check:secrets`.
/* global process, console */
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { HOSTILE_CLASSES, SUMMARY_DIR_ENV } = require('./tally.ts');

const FIGURES = [
  'faultsTried',
  'faultsSurvived',
  'fuzzGenerated',
  'fuzzRefused',
  'fuzzSent',
  'secretScans',
  'secretScansPassed',
  'hygieneChecks',
  'hygieneChecksPassed',
  'hostileTried',
  'hostilePassed',
];

const verdict = (tried, passed) => (tried === passed ? 'all passed' : `${tried - passed} FAILED`);

class ReliabilitySummaryReporter {
  onRunStart() {
    // Set before jest starts its workers, which inherit the environment.
    this.dir = mkdtempSync(join(tmpdir(), 'highlevel-reliability-'));
    process.env[SUMMARY_DIR_ENV] = this.dir;
  }

  onRunComplete() {
    if (!this.dir) return;
    const totals = Object.fromEntries(FIGURES.map((name) => [name, 0]));
    const classes = Object.fromEntries(
      HOSTILE_CLASSES.map((name) => [name, { tried: 0, passed: 0 }]),
    );
    let files = 0;
    for (const entry of readdirSync(this.dir)) {
      try {
        const { figures, classes: counted = {} } = JSON.parse(
          readFileSync(join(this.dir, entry), 'utf8'),
        );
        for (const name of FIGURES) totals[name] += Number(figures[name] ?? 0);
        for (const [name, { tried = 0, passed = 0 } = {}] of Object.entries(counted)) {
          classes[name] ??= { tried: 0, passed: 0 };
          classes[name].tried += Number(tried);
          classes[name].passed += Number(passed);
        }
        files += 1;
      } catch {
        // A file cut short by a crashed worker: its figures are lost, the test failures show.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    delete process.env[SUMMARY_DIR_ENV];
    if (files === 0) return;

    const t = totals;
    const lines = [
      '',
      '─── Reliability summary (test/reliability) ───────────────────────────────',
      `Faults from HighLevel  ${t.faultsTried} tried, ${t.faultsSurvived} survived (${verdict(t.faultsTried, t.faultsSurvived)})`,
      `Fuzz cases             ${t.fuzzGenerated} generated: ${t.fuzzRefused} refused before any request, ` +
        `${t.fuzzSent} sent valid (${verdict(t.fuzzGenerated, t.fuzzRefused + t.fuzzSent)})`,
      `Secret scans           ${t.secretScans} run, ${t.secretScansPassed} passed (${verdict(t.secretScans, t.secretScansPassed)})`,
      `Hygiene checks         ${t.hygieneChecks} run, ${t.hygieneChecksPassed} passed (${verdict(t.hygieneChecks, t.hygieneChecksPassed)})`,
      `Hostile cases          ${t.hostileTried} tried, ${t.hostilePassed} passed (${verdict(t.hostileTried, t.hostilePassed)})`,
      ...Object.entries(classes).map(
        ([name, c]) =>
          `  ${name.padEnd(28)} ${c.tried} tried, ${c.passed} passed` +
          (c.tried === 0 ? ' (none ran)' : ` (${verdict(c.tried, c.passed)})`),
      ),
      `From ${files} test file(s).`,
      '',
    ];
    console.log(lines.join('\n'));
  }
}

module.exports = ReliabilitySummaryReporter;
