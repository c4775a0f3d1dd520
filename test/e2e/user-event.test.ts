// New, Updated or Deleted User (Instant) end to end: the sandbox posts its signed user events to a
// receiver on this machine, as HighLevel posts to a Zap's URL, and each delivery goes through the
// trigger as Zapier hands it over. Forged and replayed deliveries fire nothing.
import { performOf, type AuthData } from '../../dev/tour/harness';
import { hookBundleOf, startReceiver, type Receiver } from '../../dev/tour/webhook-receiver';
import { authDataOf, makeBundle } from '../helpers/bundle';
import { createRunner } from '../helpers/invoke';
import { sandboxForFile } from '../helpers/sandbox';

const sandbox = sandboxForFile({ users: 20, deleteDelayMs: 100, rateLimit: false });
const appTester = createRunner();
let receiver: Receiver;
let agency: AuthData;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox().setWebhook(receiver.url);
  agency = authDataOf(sandbox().agency);
});
afterAll(() => receiver.close());

const run = (kind: 'creates' | 'triggers', key: string, input: Record<string, unknown>) =>
  appTester(performOf(kind, key), makeBundle(input, agency)) as Promise<Record<string, unknown>>;

const fire = (delivery: Parameters<typeof hookBundleOf>[0], input: Record<string, unknown> = {}) =>
  appTester(performOf('triggers', 'user_event'), {
    ...makeBundle(input, agency),
    ...hookBundleOf(delivery),
  }) as Promise<Array<Record<string, unknown>>>;

/** A sub-account user made with Create User, and the signed UserCreate the sandbox posted. */
const createUser = async (firstName: string, lastName: string, email: string) => {
  const created = await run('creates', 'create_user', {
    firstName,
    lastName,
    email,
    type: 'account',
    role: 'user',
    locationIds: [sandbox().locations[0]?.id],
  });
  const event = await receiver.next((p) => p.type === 'UserCreate' && p.id === created.id);
  return { created, event };
};

it('a user created, updated and deleted: each signed event fires once, with the user', async () => {
  const { created, event: createdEvent } = await createUser(
    'Instant',
    'User',
    'instant.user@example.com',
  );
  expect(await fire(createdEvent)).toEqual([
    expect.objectContaining({
      event: 'created',
      id: created.id,
      email: 'instant.user@example.com',
      locationIds: [sandbox().locations[0]?.id],
    }),
  ]);

  await run('creates', 'update_user', { userId: created.id, lastName: 'Changed' });
  const updated = await receiver.next((p) => p.type === 'UserUpdate' && p.id === created.id);
  expect(await fire(updated)).toEqual([
    expect.objectContaining({ event: 'updated', lastName: 'Changed' }),
  ]);

  await run('creates', 'delete_user', { userId: created.id });
  const deleted = await receiver.next((p) => p.type === 'UserDelete' && p.id === created.id);
  expect(await fire(deleted)).toEqual([
    expect.objectContaining({ event: 'deleted', id: created.id, deleted: true }),
  ]);
  // Only the events chosen fire.
  expect(await fire(deleted, { events: ['created'] })).toEqual([]);
});

it('fires nothing for a forged body, a replay, or an unsigned delivery', async () => {
  const { event: real } = await createUser('Forged', 'Event', 'forged.event@example.com');
  const forged = { ...real, body: real.body.replace('forged.event@', 'attacker@') };
  expect(await fire(forged)).toEqual([]);
  const unsigned = {
    body: real.body,
    headers: { 'content-type': 'application/json' },
  };
  expect(await fire(unsigned)).toEqual([]);
  expect(await fire(real)).toHaveLength(1);
  expect(await fire(real)).toEqual([]);
});
