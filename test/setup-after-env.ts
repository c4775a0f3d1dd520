import nock from 'nock';

// Each test file loads its own copy of nock, but the interceptor it installs on node's http, net
// and fetch is process-wide: remove it when the file is done, or the next file stacks its own
// on top (and the first one answers requests against an empty list of mocks).
afterAll(() => {
  nock.restore();
});
