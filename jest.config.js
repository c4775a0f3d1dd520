/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking is tsc's job (npm run typecheck); the transform only transpiles, which keeps
  // jest fast. It also turns nock 15's ES-module-only packages into CommonJS (see the file).
  transform: { '^.+\\.[cm]?[tj]s$': '<rootDir>/test/jest-transform.js' },
  transformIgnorePatterns: [
    '/node_modules/(?!(nock|@mswjs|@open-draft|outvariant|strict-event-emitter|is-node-process|rettime)/)',
  ],
  // index.js is the CommonJS entry Zapier's build loads (it requires build/index.js); tests must
  // import index.ts, never the compiled output, so TypeScript wins over JavaScript here.
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json', 'node'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-after-env.ts'],
  testTimeout: 30000,
  // The reliability tests' one summary (faults survived, fuzz cases, secret scans) after a run.
  reporters: ['default', '<rootDir>/test/reliability/summary-reporter.js'],
};
