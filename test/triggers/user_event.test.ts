// New, Updated or Deleted User (Instant): only HighLevel's own user events fire. Each delivery is
// signed here with a key pair of the test's own, which the app is told to trust through the same
// variables an agency would set; HighLevel's published keys are the default.
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import zapier, { type Bundle } from 'zapier-platform-core';
import App from '../../index';
import { forgetWebhookKeys } from '../../lib/highlevel/webhooks';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle } from '../helpers/bundle';
import { captureLogs } from '../helpers/logs';
import { documentedUser, ENDPOINT_WORDS } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.user_event;
if (operation.type !== 'hook' || typeof operation.perform !== 'function') {
  throw new Error('user_event must be a hook trigger with a perform function');
}
const { perform, performList } = operation;

const ed25519 = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

const logs = captureLogs();

const trust = (keys: { ed25519?: string; rsa?: string }) => {
  if (keys.ed25519 === undefined) delete process.env.GHL_WEBHOOK_PUBLIC_KEY;
  else process.env.GHL_WEBHOOK_PUBLIC_KEY = keys.ed25519;
  if (keys.rsa === undefined) delete process.env.GHL_WEBHOOK_RSA_PUBLIC_KEY;
  else process.env.GHL_WEBHOOK_RSA_PUBLIC_KEY = keys.rsa;
  forgetWebhookKeys();
};

beforeEach(() => trust({ ed25519: pem(ed25519.publicKey), rsa: pem(rsa.publicKey) }));
afterAll(() => trust({}));

/** HighLevel's UserCreate event (its documented shape) with the replay fields it adds. */
const event = (fields: Record<string, unknown> = {}) => ({
  type: 'UserCreate',
  timestamp: new Date().toISOString(),
  webhookId: randomUUID(),
  companyId: COMPANY_ID,
  id: documentedUser.id,
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 808-868-8888',
  extension: '',
  role: 'admin',
  permissions: { contactsEnabled: true },
  locations: [LOCATION_ID],
  ...fields,
});

type Signatures = { ed?: 'good' | 'bad' | 'none' | 'N/A'; rsa?: 'good' | 'bad' | 'none' };

/** A delivery as Zapier hands it to a hook: the raw body and headers ("Http-" prefixed). */
const delivery = (
  payload: unknown,
  { ed = 'good', rsa: legacy = 'good' }: Signatures = {},
  headerStyle: 'zapier' | 'plain' = 'zapier',
): Partial<Bundle> => {
  const content = JSON.stringify(payload);
  const other = Buffer.from(`${content} `);
  const headers: Record<string, string> = { 'Http-Content-Type': 'application/json' };
  const name = (header: string) =>
    headerStyle === 'zapier' ? `Http-${header}` : header.toLowerCase();
  if (ed !== 'none') {
    headers[name('X-Ghl-Signature')] =
      ed === 'N/A'
        ? 'N/A'
        : sign(null, ed === 'good' ? Buffer.from(content) : other, ed25519.privateKey).toString(
            'base64',
          );
  }
  if (legacy !== 'none') {
    headers[name('X-Wh-Signature')] = sign(
      'sha256',
      legacy === 'good' ? Buffer.from(content) : other,
      rsa.privateKey,
    ).toString('base64');
  }
  return {
    rawRequest: { method: 'POST', querystring: '', headers, content },
    cleanedRequest: payload,
  };
};

const fire = (bundleParts: Partial<Bundle>, inputData: Record<string, unknown> = {}) =>
  appTester(perform, { ...makeBundle(inputData, agencyAuth()), ...bundleParts }) as Promise<
    Array<Record<string, unknown>>
  >;

/** The app's log lines about ignored requests (core prints each to the console and stdout). */
const ignoredLines = () => [
  ...new Set(
    logs.lines
      .map((line) => line.trim())
      .filter((line) => line.startsWith('Ignored a webhook request')),
  ),
];

describe('user_event (New, Updated or Deleted User, Instant)', () => {
  it('fires for a UserCreate signed with X-GHL-Signature, as the polling triggers output a user', async () => {
    const payload = event();
    expect(await fire(delivery(payload))).toEqual([
      expect.objectContaining({
        event: 'created',
        webhookId: payload.webhookId,
        id: documentedUser.id,
        name: 'John Deo',
        firstName: 'John',
        lastName: 'Deo',
        email: 'john@deo.com',
        phone: '+1 808-868-8888',
        role: 'admin',
        type: '',
        locationIds: [LOCATION_ID],
        permissions: { contactsEnabled: true },
        companyId: COMPANY_ID,
        deleted: false,
      }),
    ]);
    expect(ignoredLines()).toEqual([]);
  });

  it.each([
    ['UserCreate', 'created'],
    ['user.created', 'created'],
    ['UserUpdate', 'updated'],
    ['user.updated', 'updated'],
    ['UserDelete', 'deleted'],
    ['user.deleted', 'deleted'],
  ])('reads %s as %s', async (type, kind) => {
    const [fired] = await fire(delivery(event({ type })));
    expect(fired).toMatchObject({ event: kind, deleted: kind === 'deleted' });
  });

  it('fires for the legacy x-wh-signature alone (RSA), and reads plain header names', async () => {
    expect(await fire(delivery(event(), { ed: 'none' }))).toHaveLength(1);
    expect(await fire(delivery(event(), { ed: 'N/A' }))).toHaveLength(1);
    expect(await fire(delivery(event(), {}, 'plain'))).toHaveLength(1);
  });

  it.each([
    [{ ed: 'none', rsa: 'none' }, 'it carries no X-GHL-Signature or x-wh-signature header'],
    [{ ed: 'bad', rsa: 'good' }, 'its X-GHL-Signature does not match its body'],
    [{ ed: 'none', rsa: 'bad' }, 'its x-wh-signature does not match its body'],
  ] as const)('fires nothing for %j, leaving one log line', async (signatures, why) => {
    expect(await fire(delivery(event(), signatures))).toEqual([]);
    expect(ignoredLines()).toEqual([
      expect.stringContaining(
        `Ignored a webhook request: it is not from HighLevel: ${why}. Nothing fired.`,
      ),
    ]);
  });

  it("fires nothing for an event signed by another key than HighLevel's (the default keys)", async () => {
    trust({});
    expect(await fire(delivery(event()))).toEqual([]);
    expect(ignoredLines()).toHaveLength(1);
  });

  it('fires nothing when the key set is not a key, and says where to find one', async () => {
    trust({ ed25519: 'not a key', rsa: pem(rsa.publicKey) });
    expect(await fire(delivery(event()))).toEqual([]);
    expect(ignoredLines()).toEqual([
      expect.stringContaining(
        'no usable Ed25519 key to check it (GHL_WEBHOOK_PUBLIC_KEY is not a PEM public key; HighLevel publishes its keys at https://marketplace.gohighlevel.com/docs/webhook/WebhookIntegrationGuide)',
      ),
    ]);
  });

  it('reads a key written on one line with \\n escapes, as a .env holds it', async () => {
    trust({ ed25519: pem(ed25519.publicKey).replace(/\n/g, '\\n') });
    expect(await fire(delivery(event()))).toHaveLength(1);
  });

  it('fires nothing for an event more than 5 minutes old', async () => {
    const stale = event({ timestamp: new Date(Date.now() - 6 * 60 * 1000).toISOString() });
    expect(await fire(delivery(stale))).toEqual([]);
    expect(ignoredLines()).toEqual([expect.stringContaining('is more than 5 minutes away')]);
  });

  it('fires once for a webhookId, nothing when it is delivered again', async () => {
    const payload = event();
    expect(await fire(delivery(payload))).toHaveLength(1);
    expect(await fire(delivery(payload))).toEqual([]);
    expect(ignoredLines()).toEqual([
      expect.stringContaining(`webhook ${payload.webhookId} was already received`),
    ]);
  });

  it('ignores other kinds of events quietly', async () => {
    expect(await fire(delivery(event({ type: 'ContactCreate' })))).toEqual([]);
    expect(ignoredLines()).toEqual([]);
  });

  it('fires only for the events chosen', async () => {
    expect(await fire(delivery(event({ type: 'UserCreate' })), { events: ['deleted'] })).toEqual(
      [],
    );
    expect(
      await fire(delivery(event({ type: 'UserDelete' })), { events: ['deleted'] }),
    ).toHaveLength(1);
    await expect(fire(delivery(event()), { events: ['renamed'] })).rejects.toMatchObject({
      message: expect.stringContaining(
        'Events (events) has \\"renamed\\": pick Created, Updated or Deleted',
      ),
    });
  });

  it('shows real users as samples, newest first', async () => {
    highlevel()
      .get('/users/search')
      .query(true)
      .reply(200, { users: [documentedUser], count: 1 });
    if (typeof performList !== 'function') throw new Error('performList missing');
    const [sample] = (await appTester(performList, makeBundle({}, agencyAuth()))) as Array<
      Record<string, unknown>
    >;
    expect(sample).toMatchObject({
      id: documentedUser.id,
      event: 'created',
      companyId: COMPANY_ID,
    });
  });

  it('is a static webhook: no subscription calls, set-up steps in the form', () => {
    expect(operation).not.toHaveProperty('performSubscribe');
    expect(operation).not.toHaveProperty('performUnsubscribe');
    expect(App.triggers.user_event.display.label).toBe('New, Updated or Deleted User (Instant)');
    expect(App.triggers.user_event.display.description).not.toMatch(ENDPOINT_WORDS);
    const [setup] = operation.inputFields as Array<Record<string, unknown>>;
    expect(setup).toMatchObject({ type: 'copy' });
    expect(String(setup?.helpText)).toContain('one Zap per Marketplace app');
  });
});
