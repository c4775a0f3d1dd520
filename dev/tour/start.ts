// `npm start`: a guided tour of every operation against a local HighLevel sandbox, through the
// real Zapier runtime. No HighLevel account and no network needed.
import './test-mode';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { hookBundleOf, startReceiver, type Receiver } from './webhook-receiver';
import {
  bundleFor,
  connect,
  counted,
  createTester,
  findOrCreate,
  performOf,
  refresh,
  useSandbox,
  type AppTester,
  type AuthData,
} from './harness';
import { zapMeta } from './bundle';

type Item = Record<string, unknown>;
type Kind = 'triggers' | 'creates' | 'searches';

interface Step {
  name: string;
  /** Does the step, checks what Zapier would rely on, and says in a few words what came back. */
  run: () => Promise<string>;
}

// How long the sandbox waits before a queued deletion takes effect (HighLevel: "a few minutes").
const DELETE_DELAY_MS = 200;

const paint = (code: number) => (s: string) =>
  process.stdout.isTTY ? `\x1b[${code}m${s}\x1b[0m` : s;
const green = paint(32);
const red = paint(31);
const dim = paint(2);

/** What a user would read: z.errors.Error and ThrottledError carry their message inside JSON. */
const errorText = (err: unknown): string => {
  const raw = err instanceof Error ? err.message : String(err);
  try {
    const parsed = JSON.parse(raw) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : raw;
  } catch {
    return raw;
  }
};

const who = (user: Item | undefined): string =>
  user ? `${String(user.name)} <${String(user.email)}>` : 'nobody';

/** What Zapier deduplicates Updated User on: the user and its version. */
const version = (item: Item): string => String(item.version);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Runs `work`, which must fail, and returns its error. */
const failureOf = async (work: () => Promise<unknown>): Promise<Error> => {
  try {
    await work();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
  throw new Error('expected this call to fail, but it succeeded');
};

const tourSteps = (sandbox: Sandbox, appTester: AppTester, receiver: Receiver): Step[] => {
  let agency: AuthData = {};
  let sub: AuthData = {};
  let polled: Item[] = [];
  let created: Item = {};
  const email = 'tour.guide@example.com';
  const location = sandbox.locations[0];
  const newUser = {
    firstName: 'Tour',
    lastName: 'Guide',
    email,
    password: 'Sandbox-Password-1!',
    type: 'account',
    role: 'user',
    locationIds: [location.id],
    phone: '+1 555 010 0000',
  };

  // Polling triggers keep their state per Zap: one Zap each.
  const zaps = {
    updatedOne: zapMeta('tour-updated-one'),
    updatedAll: zapMeta('tour-updated-all'),
    deleted: zapMeta('tour-deleted'),
  };
  /** A delivery of the instant trigger, as Zapier would hand it over. */
  const instant = async (type: string, userId: unknown) => {
    const delivery = await receiver.next((p) => p.type === type && p.id === userId);
    return (await appTester(performOf('triggers', 'user_event'), {
      ...bundleFor(agency, {}),
      ...hookBundleOf(delivery),
    })) as Item[];
  };

  const run = async <T = Item[]>(
    kind: Kind,
    key: string,
    authData: AuthData,
    inputData: Item = {},
    meta: Parameters<typeof bundleFor>[2] = {},
  ): Promise<T> =>
    (await appTester(performOf(kind, key), bundleFor(authData, inputData, meta))) as T;

  return [
    {
      name: 'Connect an agency (OAuth: authorize, consent, token, test, label)',
      run: async () => {
        const { authData, label } = await connect(appTester, 'Company', 'agency');
        agency = authData;
        return `"${label}", company ${agency.companyId}`;
      },
    },
    {
      name: 'Connect a sub-account',
      run: async () => {
        const { authData, label } = await connect(appTester, 'Location', location.id);
        sub = authData;
        return `"${label}", location ${sub.locationId} (${location.name})`;
      },
    },
    {
      name: 'Poll New User (search_users)',
      run: async () => {
        polled = await run('triggers', 'search_users', agency);
        return `${plural(polled.length, 'user')}, newest ${who(polled[0])}`;
      },
    },
    {
      name: 'Poll New User in Sub-account (list_users_by_location, sub-account)',
      run: async () => {
        const users = await run('triggers', 'list_users_by_location', sub);
        const outside = users.filter((u) => !(u.locationIds as string[]).includes(location.id));
        if (outside.length) throw new Error(`${who(outside[0])} is not in ${location.name}`);
        return `${plural(users.length, 'user')} in ${location.name}`;
      },
    },
    {
      name: 'Poll New User With Email (filter_users_by_email)',
      run: async () => {
        const emails = polled.slice(0, 2).map((u) => String(u.email));
        const users = await run('triggers', 'filter_users_by_email', agency, { emails });
        if (users.length !== emails.length) {
          throw new Error(`expected ${emails.length} users, got ${users.length}`);
        }
        return `${plural(users.length, 'user')} for ${emails.join(', ')}`;
      },
    },
    {
      name: 'Load the User, Sub-account and Scope dropdowns (user_choices, location_choices, scope_choices)',
      run: async () => {
        const users = await run('triggers', 'user_choices', agency, {}, { page: 0 });
        const locations = await run('triggers', 'location_choices', agency, {}, { page: 0 });
        const scopes = await run('triggers', 'scope_choices', agency, {}, { page: 0 });
        return `${plural(users.length, 'user')} ("${String(users[0]?.name)}" first), ${plural(locations.length, 'sub-account')}, ${plural(scopes.length, 'scope')}`;
      },
    },
    {
      name: 'Watch every user: Updated User and Deleted User set their baselines',
      run: async () => {
        const updated = await run('triggers', 'get_user', agency, {}, zaps.updatedAll);
        const deleted = await run('triggers', 'deleted_user', agency, {}, zaps.deleted);
        if (updated.length || deleted.length) throw new Error('a first poll fired');
        sandbox.setWebhook(receiver.url);
        return 'nothing fired (a first poll only remembers); webhooks now go to a local receiver';
      },
    },
    {
      name: 'Create User (create_user)',
      run: async () => {
        created = await run<Item>('creates', 'create_user', agency, newUser);
        return `${created.id}: ${who(created)}, ${String(created.type)} ${String(created.role)} in ${location.name}`;
      },
    },
    {
      name: 'Instant: the signed UserCreate reaches the receiver and fires user_event',
      run: async () => {
        const [event] = await instant('UserCreate', created.id);
        if (event?.event !== 'created' || event.id !== created.id) {
          throw new Error('user_event did not fire for the created user');
        }
        return `${String(event.event)}: ${who(event)} (X-GHL-Signature verified, webhook ${String(event.webhookId).slice(0, 8)}…)`;
      },
    },
    {
      name: 'Poll New User: it fires for the new user only',
      run: async () => {
        const seen = new Set(polled.map((u) => String(u.id)));
        const users = await run('triggers', 'search_users', agency);
        const fresh = users.filter((u) => !seen.has(String(u.id)));
        if (fresh.length !== 1 || fresh[0].id !== created.id) {
          throw new Error(`expected exactly the created user as new, got ${fresh.length} new`);
        }
        // A new user is not an update: the every-user watch only starts remembering it.
        const watch = await run('triggers', 'get_user', agency, {}, zaps.updatedAll);
        if (watch.length) throw new Error('Updated User fired for a new user');
        if ((await run('triggers', 'deleted_user', agency, {}, zaps.deleted)).length) {
          throw new Error('Deleted User fired with nobody deleted');
        }
        return `1 new: ${who(fresh[0])}; Updated User and Deleted User (every user) do not fire for it`;
      },
    },
    {
      name: 'Update User (update_user) and poll Updated User (get_user), one user and every user',
      run: async () => {
        const poll = () =>
          run('triggers', 'get_user', agency, { userId: created.id }, zaps.updatedOne);
        if ((await poll()).length || (await poll()).length) {
          throw new Error('Updated User fired without a change');
        }
        const updated = await run<Item>('creates', 'update_user', agency, {
          userId: created.id,
          phone: '+1 555 010 9999',
        });
        const [after] = await poll();
        if (!after) throw new Error('Updated User did not see the change');
        const everyone = await run('triggers', 'get_user', agency, {}, zaps.updatedAll);
        if (everyone.length !== 1 || everyone[0]?.id !== created.id) {
          throw new Error(`watching every user fired ${everyone.length} times`);
        }
        const [event] = await instant('UserUpdate', created.id);
        return `phone ${String(updated.phone)}; fired once, version ${version(after)}; every-user watch fired for it alone; instant: ${String(event?.event)}`;
      },
    },
    {
      name: 'Update User: add a sub-account, keep the others (addLocationIds)',
      run: async () => {
        const extra = sandbox.locations[1] ?? location;
        const updated = await run<Item>('creates', 'update_user', agency, {
          userId: created.id,
          addLocationIds: [extra.id],
        });
        const ids = updated.locationIds as string[];
        if (!ids.includes(location.id) || !ids.includes(extra.id)) {
          throw new Error(`expected both sub-accounts, got ${ids.join(', ')}`);
        }
        return `now in ${ids.length} sub-accounts (read first, then one PUT)`;
      },
    },
    {
      name: 'Create User with access copied from another user (copyAccessFromUserId)',
      run: async () => {
        const template =
          polled.find((u) => u.type === 'account' && u.id !== created.id) ?? polled[0];
        const copy = await run<Item>('creates', 'create_user', agency, {
          ...newUser,
          firstName: 'Tess',
          lastName: 'Copy',
          email: `copy.${email}`,
          password: undefined,
          copyAccessFromUserId: template?.id,
          permissionsOff: ['Workflows'],
        });
        const sameScopes =
          JSON.stringify([...(copy.scopes as string[])].sort()) ===
          JSON.stringify([...(template?.scopes as string[])].sort());
        if (!sameScopes) throw new Error('the scopes were not copied');
        const permissions = copy.permissions as Record<string, boolean>;
        if (permissions.workflowsEnabled !== false) throw new Error('Workflows should be off');
        return `${who(copy)} has ${who(template)}'s ${plural((copy.scopes as string[]).length, 'scope')}, Workflows off; password generated, not shown`;
      },
    },
    {
      name: 'API Request (api_request): GET /locations/{id} with the same connection',
      run: async () => {
        const result = await run<Item>('creates', 'api_request', agency, {
          method: 'GET',
          path: `/locations/${location.id}`,
        });
        const data = result.data as { location?: { name?: string } };
        return `HTTP ${String(result.status)}: ${String(data.location?.name)}`;
      },
    },
    {
      name: 'Find User by email (find_user, agency)',
      run: async () => {
        const found = await run('searches', 'find_user', agency, { email });
        if (found.length !== 1 || found[0].id !== created.id) {
          throw new Error(`Find User returned ${found.length} users, not the created one`);
        }
        return `found ${found[0].id}`;
      },
    },
    {
      name: 'Find User by name (find_user, sub-account)',
      run: async () => {
        const found = await run('searches', 'find_user', sub, { query: 'Tour Guide' });
        if (found[0]?.id !== created.id) throw new Error('Find User missed the created user');
        return `found ${found[0].id} first of ${found.length}`;
      },
    },
    {
      name: 'Find or Create User with the same email: finds it, creates no duplicate',
      run: async () => {
        const again = await findOrCreate(appTester, agency, newUser);
        if (again.created || again.user.id !== created.id) {
          throw new Error('Find or Create User created a duplicate');
        }
        return `found ${again.user.id}, created nothing`;
      },
    },
    {
      name: 'Find or Create User with a new email (sub-account): creates it',
      run: async () => {
        // No Locations: on a sub-account connection the user gets the connected one.
        const other = await findOrCreate(appTester, sub, {
          ...newUser,
          email: `second.${email}`,
          locationIds: undefined,
        });
        if (!other.created) throw new Error('expected a new user');
        return `created ${other.user.id}: ${who(other.user)} in ${location.name}`;
      },
    },
    {
      name: 'Delete User (delete_user)',
      run: async () => {
        const result = await run<Item>('creates', 'delete_user', agency, { userId: created.id });
        return `deleted: ${String(result.deleted)}; HighLevel: "${String(result.message)}"`;
      },
    },
    {
      name: 'The queued deletion takes effect: Updated User and Deleted User fire, New User no longer lists it',
      run: async () => {
        await sleep(DELETE_DELAY_MS + 50);
        const [user] = await run(
          'triggers',
          'get_user',
          agency,
          { userId: created.id },
          zaps.updatedOne,
        );
        if (user?.deleted !== true) throw new Error('the user is not flagged deleted');
        const deleted = await run('triggers', 'deleted_user', agency, {}, zaps.deleted);
        if (deleted.length !== 1 || deleted[0]?.id !== created.id) {
          throw new Error(`Deleted User fired ${deleted.length} times`);
        }
        const users = await run('triggers', 'search_users', agency);
        if (users.some((u) => u.id === created.id)) throw new Error('New User still lists it');
        const [event] = await instant('UserDelete', created.id);
        return `deleted: true after ${DELETE_DELAY_MS} ms; Deleted User fired for ${who(deleted[0])}; instant: ${String(event?.event)}; gone from ${plural(users.length, 'user')}`;
      },
    },
    {
      name: 'The access token expires: RefreshAuthError, refresh (rotation), retry',
      run: async () => {
        sandbox.expireAccessTokens();
        const refused = await failureOf(() => run('triggers', 'search_users', agency));
        if (refused.name !== 'RefreshAuthError') {
          throw new Error(`expected RefreshAuthError, got ${refused.name}: ${errorText(refused)}`);
        }
        const old = agency;
        agency = await refresh(appTester, agency);
        if (agency.refresh_token === old.refresh_token) throw new Error('no new refresh token');
        const users = await run('triggers', 'search_users', agency);
        // A used refresh token is refused; the app reads it as a lost race, not a dead connection.
        const reused = await failureOf(() => refresh(appTester, old));
        if (!/already used/.test(errorText(reused))) {
          throw new Error(`the old refresh token still works (${reused.name})`);
        }
        return `${refused.name} → new tokens → ${plural(users.length, 'user')}; old refresh token refused, connection kept`;
      },
    },
  ];
};

const main = async (): Promise<number> => {
  const started = Date.now();
  const sandbox = await startSandbox({ port: 0, quiet: true, deleteDelayMs: DELETE_DELAY_MS });
  const receiver = await startReceiver();
  try {
    useSandbox(sandbox);
    const appTester = createTester();
    const steps = tourSteps(sandbox, appTester, receiver);
    console.log(
      `HighLevel sandbox at ${sandbox.url}: ${sandbox.company.name}, ${plural(sandbox.locations.length, 'sub-account')}\n`,
    );
    let total = 0;
    for (const [index, step] of steps.entries()) {
      const number = `${String(index + 1).padStart(2)}.`;
      const t0 = Date.now();
      try {
        const { result, requests } = await counted(sandbox, step.run);
        total += requests;
        const cost = dim(`[${plural(requests, 'request')}, ${Date.now() - t0} ms]`);
        console.log(`${green('✔')} ${number} ${step.name}: ${result} ${cost}`);
      } catch (err) {
        console.log(`${red('✘')} ${number} ${step.name}: ${red(errorText(err))}`);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          red(
            `\nThe tour failed at step ${index + 1} of ${steps.length} (${step.name}) after ${seconds} s.`,
          ),
        );
        return 1;
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      green(
        `\nAll ${steps.length} steps passed: ${total} HTTP requests to the sandbox in ${seconds} s.`,
      ),
    );
    console.log(
      'Next: `npm run sandbox` for a long-running sandbox, `npm test` for the test suite.',
    );
    return 0;
  } finally {
    await sandbox.close();
    await receiver.close();
  }
};

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(red(`The tour could not run: ${errorText(err)}`));
    process.exit(1);
  },
);
