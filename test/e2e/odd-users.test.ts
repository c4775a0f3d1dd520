// One odd user never hides the others, a page never holds more than asked or an ID twice, and
// New User With Email passes on only the addresses asked for (docs/highlevel-behaviour.md, U13).
import type { UserOutput } from '../../lib/highlevel/user';
import { authDataOf } from '../helpers/bundle';
import { invoker } from '../helpers/invoke';
import { admin, sandboxForFile } from '../helpers/sandbox';

const sandbox = sandboxForFile({ users: 150, rateLimit: false });
const invoke = invoker(sandbox);
const agency = () => authDataOf(sandbox().agency);

/** Queues raw users or a page quirk; the sandbox answers 201 when it took them. */
const adminPost = async (path: string, body: unknown): Promise<void> => {
  expect((await admin(sandbox(), 'POST', path, body)).status).toBe(201);
};

afterEach(async () => {
  await admin(sandbox(), 'DELETE', 'raw-users');
  await admin(sandbox(), 'DELETE', 'next-page');
});

const ids = (users: UserOutput[]) => users.map((user) => user.id);

describe('odd users in HighLevel’s answers', () => {
  it('keeps a user with null name, email and roles; skips one without an ID; the page succeeds', async () => {
    await adminPost('raw-users', [
      { id: 'oddUser000000000001', name: null, email: null, roles: null, scopes: null },
      { name: 'No ID at all', email: 'noid@example.com' },
    ]);
    const { result, requests } = await invoke<UserOutput[]>('triggers', 'search_users', agency());
    expect(requests).toHaveLength(1);
    const odd = result.find((user) => user.id === 'oddUser000000000001');
    expect(odd).toMatchObject({
      id: 'oddUser000000000001',
      name: '',
      email: '',
      type: '',
      role: '',
      locationIds: [],
      scopes: [],
    });
    expect(result.some((user) => user.email === 'noid@example.com')).toBe(false);
    // The others are all there.
    expect(result.length).toBeGreaterThan(50);
  });

  it('the User dropdown lists the others too', async () => {
    await adminPost('raw-users', [{ id: 'oddUser000000000002', name: null, email: null }]);
    const { result } = await invoke<UserOutput[]>(
      'triggers',
      'user_choices',
      agency(),
      {},
      {
        page: 0,
      },
    );
    expect(result.length).toBe(100);
  });

  it('never returns more users than one page asked for', async () => {
    await adminPost('overfill-next-page', { overfill: 7 });
    const { result, requests } = await invoke<UserOutput[]>('triggers', 'search_users', agency());
    expect(requests[0]?.query.limit).toBe('100');
    expect(result).toHaveLength(100);
  });

  it('never returns the same user twice', async () => {
    await adminPost('duplicate-next-page', {});
    const { result } = await invoke<UserOutput[]>('triggers', 'list_users_by_location', agency(), {
      locationId: sandbox().locations[0]?.id,
    });
    expect(new Set(ids(result)).size).toBe(result.length);
  });

  it('New User With Email passes on only the addresses asked for', async () => {
    const { result: some } = await invoke<UserOutput[]>('triggers', 'search_users', agency());
    const [first, second] = some;
    // A raw user whose email matches, plus the answer's own users: only the asked-for ones stay.
    await adminPost('raw-users', [
      { id: 'oddUser000000000003', email: String(first?.email).toUpperCase(), name: 'Twin' },
    ]);
    const { result } = await invoke<UserOutput[]>('triggers', 'filter_users_by_email', agency(), {
      emails: [first?.email, second?.email],
    });
    const asked = new Set([first?.email, second?.email].map((e) => String(e).toLowerCase()));
    expect(result.length).toBeGreaterThanOrEqual(2);
    for (const user of result) expect(asked.has(user.email.toLowerCase())).toBe(true);
  });
});
