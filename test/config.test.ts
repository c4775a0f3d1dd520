// lib/highlevel/config.ts: where the app sends requests, the overrides used for the local sandbox, and the
// rule that credentials only ever travel over HTTPS (plain HTTP only to this machine).
import nock from 'nock';
import zapier, { type ZObject } from 'zapier-platform-core';
import App from '../index';
import authentication from '../authentication';
import {
  API_VERSION,
  apiBaseUrl,
  authorizeBaseUrl,
  DEFAULT_API_BASE_URL,
  DEFAULT_AUTHORIZE_BASE_URL,
  isAllowedUrl,
  isLoopbackHost,
  OAUTH_SCOPES,
  PAGE_SIZE,
  requestTimeoutMs,
} from '../lib/highlevel/config';
import { callApi } from '../lib/highlevel/client';
import { ACCESS_TOKEN, agencyAuth, makeBundle } from './helpers/bundle';

const appTester = zapier.createAppTester(App);

const ENV_KEYS = ['GHL_API_BASE_URL', 'GHL_AUTHORIZE_BASE_URL', 'GHL_REQUEST_TIMEOUT_MS'] as const;

afterEach(() => {
  for (const key of ENV_KEYS) delete process.env[key];
});

const headers = {
  reqheaders: {
    version: '2021-07-28',
    accept: 'application/json',
    authorization: `Bearer ${ACCESS_TOKEN}`,
  },
};

describe('constants', () => {
  it('pins the documented API version, the three scopes and the page size', () => {
    expect(API_VERSION).toBe('2021-07-28');
    expect(OAUTH_SCOPES).toEqual(['users.readonly', 'users.write', 'locations.readonly']);
    expect(PAGE_SIZE).toBe(100);
    expect(DEFAULT_API_BASE_URL).toBe('https://services.leadconnectorhq.com');
    expect(DEFAULT_AUTHORIZE_BASE_URL).toBe('https://marketplace.gohighlevel.com');
  });
});

describe('GHL_API_BASE_URL', () => {
  it('defaults to HighLevel', () => {
    expect(apiBaseUrl()).toBe('https://services.leadconnectorhq.com');
  });

  it.each([
    ['   ', 'https://services.leadconnectorhq.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
    ['http://localhost:4010//', 'http://localhost:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
    ['http://127.8.9.10:80/', 'http://127.8.9.10'],
    ['https://x', 'https://x'],
    ['https://proxy.example.com/ghl/', 'https://proxy.example.com/ghl'],
    [' https://services.leadconnectorhq.com/ ', 'https://services.leadconnectorhq.com'],
  ])('accepts %j as %s', (value, expected) => {
    process.env.GHL_API_BASE_URL = value;
    expect(apiBaseUrl()).toBe(expected);
  });

  it.each([
    ['http://example.com', /GHL_API_BASE_URL must use https .*loopback.*"http:\/\/example\.com"/],
    ['http://192.168.1.10:4010', /GHL_API_BASE_URL must use https/],
    ['http://127.0.0.1.example.com', /GHL_API_BASE_URL must use https/],
    ['ftp://127.0.0.1', /GHL_API_BASE_URL must use https/],
    [
      'services.leadconnectorhq.com',
      /GHL_API_BASE_URL is not a valid URL: "services\.leadconnectorhq\.com"/,
    ],
  ])('refuses %j with a message naming the variable', (value, message) => {
    process.env.GHL_API_BASE_URL = value;
    let thrown: unknown;
    try {
      apiBaseUrl();
    } catch (err) {
      thrown = err;
    }
    // A setup error: an AppError whose JSON message holds the text, with core's context off.
    expect(thrown).toMatchObject({ name: 'AppError', doNotContextify: true });
    const body = JSON.parse((thrown as Error).message) as { message: string; code: string };
    expect(body.code).toBe('setup_error');
    expect(body.message).toMatch(message);
  });

  it('sends every call, with its headers, to the override', async () => {
    process.env.GHL_API_BASE_URL = 'https://proxy.example.com/ghl/';
    nock('https://proxy.example.com', headers)
      .get('/ghl/users/search')
      .query({ companyId: 'c1' })
      .reply(200, { users: [] });
    await expect(
      appTester(
        async (z: ZObject) => callApi(z, { path: '/users/search', params: { companyId: 'c1' } }),
        makeBundle({}, agencyAuth()),
      ),
    ).resolves.toEqual({ users: [] });
  });

  it('reaches a sandbox on 127.0.0.1 over plain HTTP', async () => {
    process.env.GHL_API_BASE_URL = 'http://127.0.0.1:4010';
    nock('http://127.0.0.1:4010', headers).get('/users/u1').reply(200, { id: 'u1' });
    await expect(
      appTester(
        async (z: ZObject) => callApi(z, { path: '/users/u1' }),
        makeBundle({}, agencyAuth()),
      ),
    ).resolves.toEqual({ id: 'u1' });
  });

  it('stops a refused override before any request is made', async () => {
    process.env.GHL_API_BASE_URL = 'http://example.com';
    // No nock scope: a request that left would fail with NetConnectNotAllowedError instead.
    await expect(
      appTester(
        async (z: ZObject) => callApi(z, { path: '/users/u1' }),
        makeBundle({}, agencyAuth()),
      ),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: JSON.stringify({
        message:
          'GHL_API_BASE_URL must use https (plain http is accepted only for a loopback host such as ' +
          '127.0.0.1): "http://example.com".',
        code: 'setup_error',
      }),
    });
  });

  it('keeps HighLevel headers away from the real host once the sandbox is the API', async () => {
    process.env.GHL_API_BASE_URL = 'http://127.0.0.1:4010';
    nock('https://services.leadconnectorhq.com', { badheaders: ['authorization', 'version'] })
      .get('/users/u1')
      .reply(200, { id: 'u1' });
    await expect(
      appTester(
        async (z: ZObject) =>
          (await z.request({ url: 'https://services.leadconnectorhq.com/users/u1' })).data,
        makeBundle({}, agencyAuth()),
      ),
    ).resolves.toEqual({ id: 'u1' });
  });
});

describe('GHL_AUTHORIZE_BASE_URL', () => {
  const authorizeUrl = async (): Promise<URL> =>
    new URL(
      (await appTester(
        authentication.oauth2Config.authorizeUrl,
        makeBundle({ redirect_uri: 'https://zapier.com/return', state: 's' }),
      )) as string,
    );

  it('defaults to the HighLevel marketplace', async () => {
    expect(authorizeBaseUrl()).toBe('https://marketplace.gohighlevel.com');
    expect((await authorizeUrl()).origin).toBe('https://marketplace.gohighlevel.com');
  });

  it.each([
    ['https://marketplace.leadconnectorhq.com/', 'https://marketplace.leadconnectorhq.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('moves the consent page to %s', async (value, origin) => {
    process.env.GHL_AUTHORIZE_BASE_URL = value;
    const url = await authorizeUrl();
    expect(`${url.origin}${url.pathname}`).toBe(`${origin}/v2/oauth/chooselocation`);
  });

  it('refuses plain HTTP to another host', () => {
    process.env.GHL_AUTHORIZE_BASE_URL = 'http://marketplace.example.com';
    expect(() => authorizeBaseUrl()).toThrow(/GHL_AUTHORIZE_BASE_URL must use https/);
  });

  it('is independent of GHL_API_BASE_URL', () => {
    process.env.GHL_API_BASE_URL = 'http://127.0.0.1:4010';
    expect(authorizeBaseUrl()).toBe('https://marketplace.gohighlevel.com');
  });
});

describe('GHL_REQUEST_TIMEOUT_MS', () => {
  it.each([
    [undefined, 20_000],
    ['5000', 5000],
    ['250', 250],
    ['0', 20_000],
    ['-5', 20_000],
    ['soon', 20_000],
    ['', 20_000],
  ])('reads %j as %i ms', (value, expected) => {
    if (value !== undefined) process.env.GHL_REQUEST_TIMEOUT_MS = value;
    expect(requestTimeoutMs()).toBe(expected);
  });
});

describe('loopback and allowed URLs', () => {
  it.each(['127.0.0.1', '127.255.0.9', 'localhost', '[::1]', '::1'])('%s is this machine', (host) =>
    expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['10.0.0.1', '0.0.0.0', 'localhost.example.com', '127.0.0.1.nip.io', 'example.com'])(
    '%s is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );

  it.each([
    ['https://anywhere.example', true],
    ['http://localhost:9000/x', true],
    ['http://example.com', false],
    ['ws://127.0.0.1', false],
    ['file:///etc/passwd', false],
  ])('%s allowed: %s', (url, allowed) => {
    expect(isAllowedUrl(new URL(url))).toBe(allowed);
  });
});
