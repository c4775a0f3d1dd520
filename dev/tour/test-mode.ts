// Imported first by the tour: zapier-platform-core reads NODE_ENV once, when it loads. In test mode
// (as under jest) core raises its output checks as errors, leaves its console logs out of error
// messages, and does not print its per-invocation memory line ("ZID: ... RSSMEM: {...}") between
// the tour's lines. `zapier-platform invoke` gets the first and last from its calledFromCli flag.
process.env.NODE_ENV = 'test';
