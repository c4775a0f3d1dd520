// zapier.createAppTester for tests that run the app hundreds of times in one jest worker.
//
// Core's memory checker (zapier-platform-core/src/tools/memory-checker.js) exits the process once
// it has counted 250 invocations in a process holding more than 450 MB: sensible for a Zapier
// worker, fatal for a jest worker, which sits above that mark. The count lives in the module, so
// a fresh copy of zapier-platform-core every 200 calls keeps it low; nothing else about an
// invocation changes.
import zapier from 'zapier-platform-core';
import App from '../../index';

export type AppTester = ReturnType<typeof zapier.createAppTester>;

const RENEW_EVERY = 200;

type Call = (...args: unknown[]) => Promise<unknown>;

export const createRunner = (): AppTester => {
  let tester: AppTester = zapier.createAppTester(App);
  let calls = 0;
  const run: Call = async (...args) => {
    calls += 1;
    if (calls % RENEW_EVERY === 0) {
      await jest.isolateModulesAsync(async () => {
        const core = await import('zapier-platform-core');
        tester = core.default.createAppTester(App);
      });
    }
    return (tester as unknown as Call)(...args);
  };
  return run as unknown as AppTester;
};
