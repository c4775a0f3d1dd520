// Imported first by the benchmark: zapier-platform-core reads NODE_ENV once, when it loads. In test
// mode (as under jest and createAppTester's usual callers) core raises its output checks as errors
// and does not print its per-invocation memory line ("ZID: ... RSSMEM") to stdout.
process.env.NODE_ENV = 'test';
