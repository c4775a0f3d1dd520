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
  // A fresh worker process for every test file. jest gives each file its own copy of nock, and each
  // copy stacks an interceptor on node's process-wide http module that restore() does not always
  // remove: a leftover layer then refuses requests meant for a later file's mocks ("Disallowed net
  // connect"), depending on the order the files run in. Two workers even on two cores, since jest
  // recycles workers (and never runs in band) only that way.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1MB',
  // The reliability tests' one summary (faults survived, fuzz cases, secret scans) after a run.
  reporters: ['default', '<rootDir>/test/reliability/summary-reporter.js'],
};
