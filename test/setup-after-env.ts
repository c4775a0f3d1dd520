import nock from 'nock';

// Each test file loads its own copy of nock, but the interceptor it installs on node's http, net
// and fetch is process-wide: take it off when the file is done. jest.config.js also gives every
// file a fresh worker process, since restore() does not always remove every layer.
afterAll(() => {
  nock.restore();
});
