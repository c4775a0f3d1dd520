// What reacting to every user costs: requests per poll of Updated User (every user) and Deleted
// User for 100, 250 and 1,000 users, the state each keeps in Zapier's cache, and the time the
// instant trigger takes to verify and map one signed event. Each company size gets a sandbox of
// its own, so this runs after the 10,000-user sandbox is closed.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { API_VERSION } from '../../lib/highlevel/config';
import { forgetWebhookKeys, signatureProblem, userFromEvent } from '../../lib/highlevel/webhooks';
import { startSandbox } from '../sandbox/server';
import { authDataOf, zapMeta } from '../tour/bundle';
import {
  bundleFor,
  counted,
  createTester,
  performOf,
  useSandbox,
  type AppTester,
  type AuthData,
} from '../tour/harness';
import { plainFetch, seededUsers } from './context';
import { QUICK } from './settings';
import { kb, ms, msSince, summarize, table, type Summary } from './stats';

export interface WatchRow {
  users: number;
  updatedRequests: number;
  updatedStateBytes: number;
  deletedRequests: number;
  deletedGone: number;
  deletedStateBytes: number;
}

export interface WatchFigures {
  rows: WatchRow[];
  /** Verifying one signature and mapping one event, the app's own code alone. */
  verifyAndMap: Summary;
  /** One delivery through user_event in core's runtime (createAppTester). */
  perform: Summary;
}

const SIZES = [100, 250, 1_000];
const GONE = 3;

const measureSize = async (users: number): Promise<WatchRow> => {
  const sandbox = await startSandbox({
    port: 0,
    users,
    locations: 5,
    rateLimit: false,
    quiet: true,
    deleteDelayMs: 0,
  });
  try {
    useSandbox(sandbox);
    const appTester = createTester() as AppTester & { zcacheTestObj?: Record<string, string> };
    const authData: AuthData = authDataOf(sandbox.agency);
    const poll = async (key: string, zapId: string) => {
      const { result, requests } = await counted(sandbox, () =>
        appTester(performOf('triggers', key), bundleFor(authData, {}, zapMeta(zapId))),
      );
      return { items: result as unknown[], requests };
    };
    const stateBytes = (prefix: string) =>
      Object.entries(appTester.zcacheTestObj ?? {})
        .filter(([key]) => key.startsWith(prefix))
        .reduce((sum, [key, value]) => sum + key.length + String(value).length, 0);

    await poll('get_user', 'bench-updated');
    const updated = await poll('get_user', 'bench-updated');
    await poll('deleted_user', 'bench-deleted');
    // A few users deleted since the last poll: one request each to confirm.
    const victims = (await seededUsers(sandbox, authData, `limit=${GONE + 1}`)).slice(0, GONE);
    for (const victim of victims) {
      await plainFetch(`${sandbox.url}/users/${victim.id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${authData.access_token}`, Version: API_VERSION },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const deleted = await poll('deleted_user', 'bench-deleted');
    if (deleted.items.length !== victims.length) {
      throw new Error(
        `Deleted User fired ${deleted.items.length} times for ${victims.length} users`,
      );
    }
    return {
      users,
      updatedRequests: updated.requests,
      updatedStateBytes: stateBytes('updated-user:'),
      deletedRequests: deleted.requests,
      deletedGone: victims.length,
      deletedStateBytes: stateBytes('deleted-user:'),
    };
  } finally {
    await sandbox.close();
  }
};

const measureWebhook = async (): Promise<Pick<WatchFigures, 'verifyAndMap' | 'perform'>> => {
  const keys = generateKeyPairSync('ed25519');
  process.env.GHL_WEBHOOK_PUBLIC_KEY = keys.publicKey
    .export({ type: 'spki', format: 'pem' })
    .toString();
  forgetWebhookKeys();
  const delivery = () => {
    const content = JSON.stringify({
      type: 'UserCreate',
      timestamp: new Date().toISOString(),
      webhookId: randomUUID(),
      companyId: 'benchCompany00000001',
      id: 'benchUser00000000001',
      firstName: 'Bench',
      lastName: 'Mark',
      email: 'bench@example.com',
      phone: '+1 555 010 0000',
      role: 'user',
      permissions: { contactsEnabled: true },
      locations: ['benchLocation0000001'],
    });
    const signature = sign(null, Buffer.from(content), keys.privateKey).toString('base64');
    return { content, headers: { 'Http-X-Ghl-Signature': signature } };
  };
  const runs = QUICK ? 100 : 1_000;
  const own: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const { content, headers } = delivery();
    const started = process.hrtime.bigint();
    if (signatureProblem(content, headers) !== undefined) throw new Error('the signature failed');
    userFromEvent(JSON.parse(content) as Record<string, unknown>, 'created');
    own.push(msSince(started));
  }
  const appTester = createTester();
  const whole: number[] = [];
  for (let i = 0; i < runs / 5; i += 1) {
    const { content, headers } = delivery();
    const started = process.hrtime.bigint();
    const fired = (await appTester(performOf('triggers', 'user_event'), {
      ...bundleFor({ access_token: 'test-bench-access-0123456789' }, {}),
      rawRequest: { method: 'POST', headers, content },
      cleanedRequest: JSON.parse(content) as unknown,
    })) as unknown[];
    whole.push(msSince(started));
    if (fired.length !== 1) throw new Error('user_event did not fire');
  }
  delete process.env.GHL_WEBHOOK_PUBLIC_KEY;
  forgetWebhookKeys();
  return { verifyAndMap: summarize(own), perform: summarize(whole) };
};

export const measureWatch = async (): Promise<WatchFigures> => {
  process.stderr.write('watching every user...\n');
  const rows: WatchRow[] = [];
  for (const users of SIZES) rows.push(await measureSize(users));
  process.stderr.write('instant user events...\n');
  return { rows, ...(await measureWebhook()) };
};

export const printWatch = (figures: WatchFigures): string =>
  [
    '',
    'Reacting to every user (a sandbox per company size; requests per poll after the baseline):',
    table(
      ['users', 'Updated User requests', 'state', `Deleted User requests (${GONE} gone)`, 'state'],
      figures.rows.map((row) => [
        row.users.toLocaleString('en-US'),
        String(row.updatedRequests),
        kb(row.updatedStateBytes),
        `${row.deletedRequests} (${row.deletedRequests - row.deletedGone} pages + ${row.deletedGone})`,
        kb(row.deletedStateBytes),
      ]),
    ),
    `Instant user event: verify the Ed25519 signature and map the user ${ms(figures.verifyAndMap.median)} ms ` +
      `(p95 ${ms(figures.verifyAndMap.p95)}, ${figures.verifyAndMap.runs} runs); the whole delivery through core ` +
      `(createAppTester) ${ms(figures.perform.median)} ms (p95 ${ms(figures.perform.p95)}).`,
  ].join('\n');
