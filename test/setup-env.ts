import nock from 'nock';

// Tests never reach the internet; loopback stays open for the local HighLevel sandbox.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

// Real credentials must never leak into tests from a developer's shell.
process.env.CLIENT_ID = 'test-client-id';
process.env.CLIENT_SECRET = 'test-client-secret-value';
delete process.env.GHL_API_BASE_URL;
delete process.env.GHL_AUTHORIZE_BASE_URL;
