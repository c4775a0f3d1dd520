/**
 * The sandbox's user webhooks (docs/highlevel-behaviour.md W1-W6), over real HTTP: a receiver on
 * 127.0.0.1 takes each event, and every signature is checked over the exact bytes received.
 */
import { verify } from 'crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { startSandbox, type Sandbox, type WebhookKeys } from '../../dev/sandbox/server';
import { admin, call, direct, newUser, sandboxForFile } from '../helpers/sandbox';
import { freshEmail, type UserLike } from '../helpers/users';
import { eventually, sleep } from '../helpers/wait';

const DELETE_DELAY_MS = 150;
const sandbox = sandboxForFile({ rateLimit: false, deleteDelayMs: DELETE_DELAY_MS });

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Record<string, unknown>;
}

interface Receiver {
  url: string;
  received: Received[];
  /** The statuses to answer, in order; 200 once they run out. */
  answers: number[];
  /** While set, requests are held unanswered until `release()`. */
  hold: boolean;
  release(): void;
  close(): Promise<void>;
}

/** A webhook receiver on loopback, as an app under test would run one. */
async function startReceiver(): Promise<Receiver> {
  const held: Array<() => void> = [];
  const receiver: Receiver = {
    url: '',
    received: [],
    answers: [],
    hold: false,
    release: () => {
      receiver.hold = false;
      for (const answer of held.splice(0)) answer();
    },
    close: async () => {
      receiver.release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const respond = (res: ServerResponse): void => {
    const status = receiver.answers.shift() ?? 200;
    res.writeHead(status, status >= 300 && status < 400 ? { Location: '/moved' } : {});
    res.end();
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      receiver.received.push({
        path: req.url ?? '',
        headers: req.headers,
        raw,
        body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>,
      });
      if (receiver.hold) held.push(() => respond(res));
      else respond(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

const header = (r: Received, name: string): string | undefined => {
  const v = r.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** Both checks an app makes, each over the raw bytes as they arrived. */
function signatures(r: Received, keys: WebhookKeys): { ed25519?: boolean; rsa?: boolean } {
  const ghl = header(r, 'x-ghl-signature');
  const wh = header(r, 'x-wh-signature');
  return {
    ...(ghl === undefined
      ? {}
      : { ed25519: verify(null, r.raw, keys.ed25519, Buffer.from(ghl, 'base64')) }),
    ...(wh === undefined
      ? {}
      : { rsa: verify('sha256', r.raw, keys.rsa, Buffer.from(wh, 'base64')) }),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The event HighLevel's schema describes for this user as the API answers it now. */
function expectedEvent(type: string, user: UserLike, companyId: string): Record<string, unknown> {
  const oneSubAccount = user.roles.type === 'account' && user.roles.locationIds.length === 1;
  return {
    type,
    timestamp: expect.any(String),
    webhookId: expect.stringMatching(UUID),
    companyId,
    ...(oneSubAccount ? { locationId: user.roles.locationIds[0] } : {}),
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    phone: user.phone,
    extension: '',
    role: user.roles.role,
    permissions: user.permissions,
    locations: user.roles.locationIds,
  };
}

let receiver: Receiver;
let keys: WebhookKeys;

beforeAll(async () => {
  keys = (await admin<WebhookKeys>(sandbox(), 'GET', 'webhook-keys')).json;
});

beforeEach(async () => {
  receiver = await startReceiver();
  sandbox().setWebhook(receiver.url, { events: 'legacy', signatures: 'both', retryMs: 5 });
});

afterEach(async () => {
  sandbox().setWebhook(undefined);
  await sandbox().webhooksIdle();
  await receiver.close();
});

const deliveriesOf = (sb: Sandbox, userId: string) =>
  sb.webhookDeliveries.filter((d) => d.userId === userId);

describe('user events', () => {
  it('serves the public keys it signs with, as SPKI PEM', async () => {
    const sb = sandbox();
    expect(keys).toEqual(sb.webhookKeys);
    expect(keys.ed25519).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/,
    );
    expect(keys.rsa).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
  });

  it('a created user: one UserCreate, signed both ways over the raw bytes, sent after the answer', async () => {
    const sb = sandbox();
    receiver.hold = true;
    const before = Date.now();
    const user = await newUser(sb, 'hook-create');
    // The answer came while the receiver still holds the event unanswered.
    await eventually(async () => receiver.received.length === 1, 'the event arrives');
    expect(deliveriesOf(sb, user.id)).toEqual([]);
    receiver.release();
    await sb.webhooksIdle();

    const [event] = receiver.received as [Received];
    expect(event.path).toBe('/hook');
    expect(header(event, 'content-type')).toBe('application/json');
    expect(event.body).toEqual(expectedEvent('UserCreate', user, sb.company.id));
    expect(event.body.locationId).toBe(sb.locations[0]?.id);
    // Compact JSON, so an app that re-serializes the parsed body signs the same bytes.
    expect(JSON.stringify(event.body)).toBe(event.raw.toString('utf8'));
    const stamped = Date.parse(event.body.timestamp as string);
    expect(new Date(stamped).toISOString()).toBe(event.body.timestamp);
    expect(stamped).toBeGreaterThanOrEqual(before - 1000);
    expect(stamped).toBeLessThanOrEqual(Date.now());
    expect(signatures(event, keys)).toEqual({ ed25519: true, rsa: true });
    // A signature of other bytes does not verify: the check is real.
    const tampered = { ...event, raw: Buffer.from(event.raw.toString('utf8').replace('}', ' }')) };
    expect(signatures(tampered, keys)).toEqual({ ed25519: false, rsa: false });

    expect(deliveriesOf(sb, user.id)).toEqual([
      {
        webhookId: event.body.webhookId,
        type: 'UserCreate',
        userId: user.id,
        url: receiver.url,
        attempt: 1,
        status: 200,
        at: expect.any(Number),
      },
    ]);
  });

  it('an updated user: one UserUpdate with the new values and a new webhookId', async () => {
    const sb = sandbox();
    const user = await newUser(sb, 'hook-update');
    await sb.webhooksIdle();
    const updated = await direct<UserLike>(sb, `/users/${user.id}`, {
      method: 'PUT',
      body: {
        companyId: sb.company.id,
        firstName: 'Renamed',
        phone: '+15125550123',
        permissions: { campaignsEnabled: false },
      },
    });
    await sb.webhooksIdle();
    expect(receiver.received.map((r) => r.body.type)).toEqual(['UserCreate', 'UserUpdate']);
    const event = receiver.received[1] as Received;
    expect(event.body).toEqual(expectedEvent('UserUpdate', updated, sb.company.id));
    expect(event.body).toMatchObject({ firstName: 'Renamed', phone: '+15125550123' });
    expect((event.body.permissions as Record<string, boolean>).campaignsEnabled).toBe(false);
    expect(event.body.webhookId).not.toBe(receiver.received[0]?.body.webhookId);
    expect(signatures(event, keys)).toEqual({ ed25519: true, rsa: true });
  });

  it('a deleted user: one UserDelete when the queued deletion takes effect, not before', async () => {
    const sb = sandbox();
    const user = await newUser(sb, 'hook-delete');
    await sb.webhooksIdle();
    const answer = await call(sb, `/users/${user.id}`, { method: 'DELETE' });
    expect(answer.status).toBe(200);
    await sleep(DELETE_DELAY_MS / 3);
    expect(receiver.received.map((r) => r.body.type)).toEqual(['UserCreate']);
    await eventually(async () => receiver.received.length === 2, 'the UserDelete arrives');
    await sb.webhooksIdle();
    const event = receiver.received[1] as Received;
    expect(event.body).toEqual(expectedEvent('UserDelete', user, sb.company.id));
    expect(signatures(event, keys)).toEqual({ ed25519: true, rsa: true });
  });

  it('an agency user: companyId and locations, no locationId; so is a user of two sub-accounts', async () => {
    const sb = sandbox();
    const base = {
      companyId: sb.company.id,
      firstName: 'Wide',
      lastName: 'Reach',
      password: 'test-password-1',
      role: 'admin',
    };
    const agencyUser = await direct<UserLike>(sb, '/users/', {
      method: 'POST',
      body: {
        ...base,
        email: freshEmail('hook-agency'),
        type: 'agency',
        locationIds: [sb.locations[0]?.id],
      },
    });
    const twoSubAccounts = await direct<UserLike>(sb, '/users/', {
      method: 'POST',
      body: {
        ...base,
        email: freshEmail('hook-two'),
        type: 'account',
        locationIds: [sb.locations[0]?.id, sb.locations[1]?.id],
      },
    });
    await sb.webhooksIdle();
    const [first, second] = receiver.received as [Received, Received];
    expect(first.body).toEqual(expectedEvent('UserCreate', agencyUser, sb.company.id));
    expect(second.body).toEqual(expectedEvent('UserCreate', twoSubAccounts, sb.company.id));
    for (const event of [first, second]) {
      expect(event.body).not.toHaveProperty('locationId');
      expect(event.body.type).toBe('UserCreate');
    }
  });

  it("events: 'dotted' names them user.created, user.updated, user.deleted", async () => {
    const sb = sandbox();
    sb.setWebhook(receiver.url, { events: 'dotted' });
    const user = await newUser(sb, 'hook-dotted');
    await direct(sb, `/users/${user.id}`, {
      method: 'PUT',
      body: { companyId: sb.company.id, lastName: 'Dotted' },
    });
    await direct(sb, `/users/${user.id}`, { method: 'DELETE' });
    await eventually(async () => receiver.received.length === 3, 'three events arrive');
    await sb.webhooksIdle();
    expect(receiver.received.map((r) => r.body.type)).toEqual([
      'user.created',
      'user.updated',
      'user.deleted',
    ]);
    for (const event of receiver.received) {
      expect(signatures(event, keys)).toEqual({ ed25519: true, rsa: true });
    }
  });

  it("events: 'both' sends each change twice, once per spelling, each its own webhookId", async () => {
    const sb = sandbox();
    sb.setWebhook(receiver.url, { events: 'both' });
    const user = await newUser(sb, 'hook-both');
    await sb.webhooksIdle();
    expect(receiver.received.map((r) => r.body.type)).toEqual(['UserCreate', 'user.created']);
    const [a, b] = receiver.received as [Received, Received];
    expect(a.body.webhookId).not.toBe(b.body.webhookId);
    expect({ ...a.body, type: 'x', webhookId: 'x', timestamp: 'x' }).toEqual({
      ...b.body,
      type: 'x',
      webhookId: 'x',
      timestamp: 'x',
    });
    expect(a.body.id).toBe(user.id);
  });

  it.each([
    ['ed25519', { ed25519: true }],
    ['rsa', { rsa: true }],
    ['both', { ed25519: true, rsa: true }],
  ] as const)('signatures: %s sends exactly those headers', async (which, expected) => {
    const sb = sandbox();
    sb.setWebhook(receiver.url, { signatures: which });
    await newUser(sb, `hook-sig-${which}`);
    await sb.webhooksIdle();
    const [event] = receiver.received as [Received];
    expect(signatures(event, keys)).toEqual(expected);
  });

  it('a localhost URL is delivered to (its name resolves to loopback)', async () => {
    const sb = sandbox();
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    sb.setWebhook(url);
    const user = await newUser(sb, 'hook-localhost');
    await sb.webhooksIdle();
    expect(receiver.received.map((r) => r.body.id)).toEqual([user.id]);
    expect(deliveriesOf(sb, user.id)).toEqual([expect.objectContaining({ url, status: 200 })]);
  });

  it('no URL, no event', async () => {
    const sb = sandbox();
    sb.setWebhook(undefined);
    const user = await newUser(sb, 'hook-none');
    await sb.webhooksIdle();
    await sleep(50);
    expect(receiver.received).toEqual([]);
    expect(deliveriesOf(sb, user.id)).toEqual([]);
  });
});

describe('delivery', () => {
  it('a 429 is retried, the same bytes and webhookId, until the receiver takes it', async () => {
    const sb = sandbox();
    receiver.answers = [429, 429];
    const user = await newUser(sb, 'hook-429');
    await sb.webhooksIdle();
    expect(receiver.received).toHaveLength(3);
    const [first, ...retries] = receiver.received as [Received, ...Received[]];
    for (const retry of retries) {
      expect(retry.raw.equals(first.raw)).toBe(true);
      expect(signatures(retry, keys)).toEqual({ ed25519: true, rsa: true });
    }
    expect(deliveriesOf(sb, user.id).map((d) => [d.attempt, d.status, d.webhookId])).toEqual([
      [1, 429, first.body.webhookId],
      [2, 429, first.body.webhookId],
      [3, 200, first.body.webhookId],
    ]);
  });

  it('a 429 every time: six tries in all, then it stops', async () => {
    const sb = sandbox();
    receiver.answers = Array.from({ length: 10 }, () => 429);
    const user = await newUser(sb, 'hook-429-always');
    await sb.webhooksIdle();
    expect(receiver.received).toHaveLength(6);
    expect(deliveriesOf(sb, user.id).map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([[500], [503], [404], [302]])(
    'a %i is not retried (nor a redirect followed)',
    async (status) => {
      const sb = sandbox();
      receiver.answers = [status];
      const user = await newUser(sb, `hook-${status}`);
      await sb.webhooksIdle();
      await sleep(30);
      expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
      expect(deliveriesOf(sb, user.id)).toEqual([expect.objectContaining({ attempt: 1, status })]);
    },
  );

  it('a receiver that is not there: the error is recorded, nothing retried', async () => {
    const sb = sandbox();
    const gone = receiver.url;
    await receiver.close();
    const user = await newUser(sb, 'hook-gone');
    await sb.webhooksIdle();
    const [delivery, ...more] = deliveriesOf(sb, user.id);
    expect(more).toEqual([]);
    expect(delivery).toEqual({
      webhookId: expect.stringMatching(UUID),
      type: 'UserCreate',
      userId: user.id,
      url: gone,
      attempt: 1,
      error: expect.stringMatching(/ECONNREFUSED/),
      at: expect.any(Number),
    });
    receiver = await startReceiver();
  });

  it('clearing the URL drops the retries still waiting', async () => {
    const sb = sandbox();
    sb.setWebhook(receiver.url, { retryMs: 60_000 });
    receiver.answers = [429];
    const user = await newUser(sb, 'hook-cleared');
    await eventually(async () => deliveriesOf(sb, user.id).length === 1, 'the first try');
    sb.setWebhook(undefined);
    await sb.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
  });
});

describe('settings', () => {
  it('POST /_sandbox/webhook sets them, GET shows them with the delivery log, url null clears', async () => {
    const sb = sandbox();
    const settings = { url: receiver.url, events: 'dotted', signatures: 'rsa', retryMs: 1 };
    const set = await admin(sb, 'POST', 'webhook', settings);
    expect(set.status).toBe(200);
    expect(set.json).toEqual(settings);
    const user = await newUser(sb, 'hook-admin');
    await sb.webhooksIdle();
    const got = await admin<{ deliveries: Array<Record<string, unknown>> }>(sb, 'GET', 'webhook');
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ ...settings, deliveries: sb.webhookDeliveries });
    expect(got.json.deliveries.at(-1)).toMatchObject({ userId: user.id, type: 'user.created' });
    expect(receiver.received.map((r) => signatures(r, keys))).toEqual([{ rsa: true }]);

    // Fields left out keep their value.
    expect((await admin(sb, 'POST', 'webhook', { events: 'legacy' })).json).toEqual({
      ...settings,
      events: 'legacy',
    });
    const cleared = await admin(sb, 'POST', 'webhook', { url: null });
    expect(cleared.json).toMatchObject({ url: null });
    await newUser(sb, 'hook-admin-cleared');
    await sb.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
  });

  it.each([
    ['http://example.com/hook'],
    ['https://10.0.0.1/hook'],
    ['http://192.168.1.5:4010/hook'],
    ['http://[::2]/hook'],
    ['http://127.0.0.1.nip.io/hook'],
    ['http://localhost.example.com/hook'],
    ['ftp://127.0.0.1/hook'],
    ['file:///tmp/hook'],
    ['/relative/hook'],
  ])('a URL off loopback is refused with 400: %s', async (url) => {
    const sb = sandbox();
    const answer = await admin(sb, 'POST', 'webhook', { url });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ statusCode: 400, message: expect.stringMatching(/^url must/) });
    expect(sb.webhook().url).toBe(receiver.url);
    expect(() => sb.setWebhook(url)).toThrow(/^url must/);
  });

  it.each([
    ['http://localhost:1/hook'],
    ['http://127.0.0.2:1/hook'],
    ['http://[::1]:1/hook'],
    ['https://127.1:1/hook'],
  ])('a loopback URL is taken: %s', async (url) => {
    const sb = sandbox();
    expect((await admin(sb, 'POST', 'webhook', { url })).status).toBe(200);
    expect(sb.webhook().url).toBe(url);
  });

  it.each([
    [{ events: 'UserCreate' }, /^events must be one of/],
    [{ signatures: 'hmac' }, /^signatures must be one of/],
    [{ retryMs: -1 }, /^retryMs must be/],
    [{ retryMs: 1.5 }, /^retryMs must be/],
    [{ url: 42 }, /^url must be a string or null/],
    [{ secret: 'x' }, /^property secret should not exist/],
    [[], /^Body must be a JSON object/],
    ['{', /^Body must be a JSON object/],
  ])('a bad body is refused with 400: %j', async (body, message) => {
    const answer = await admin(sandbox(), 'POST', 'webhook', body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ statusCode: 400, message: expect.stringMatching(message) });
  });

  it('startSandbox takes the settings, and refuses a URL off loopback', async () => {
    await expect(startSandbox({ webhookUrl: 'http://example.com/' })).rejects.toThrow(/loopback/);
    const own = await startSandbox({
      webhookUrl: receiver.url,
      webhookEvents: 'dotted',
      webhookSignatures: 'ed25519',
      webhookRetryMs: 7,
    });
    try {
      expect(own.webhook()).toEqual({
        url: receiver.url,
        events: 'dotted',
        signatures: 'ed25519',
        retryMs: 7,
      });
      // Each sandbox has its own keys.
      expect(own.webhookKeys.ed25519).not.toBe(sandbox().webhookKeys.ed25519);
      const user = await newUser(own, 'hook-own');
      await own.webhooksIdle();
      const [event] = receiver.received as [Received];
      expect(event.body).toMatchObject({ type: 'user.created', id: user.id });
      expect(signatures(event, own.webhookKeys)).toEqual({ ed25519: true });
    } finally {
      await own.close();
    }
  });

  it('by default: no URL, UserCreate spelling, both signatures, retries 10 minutes apart', async () => {
    const plain = await startSandbox();
    try {
      expect(plain.webhook()).toEqual({
        url: null,
        events: 'legacy',
        signatures: 'both',
        retryMs: 600_000,
      });
    } finally {
      await plain.close();
    }
  });
});
