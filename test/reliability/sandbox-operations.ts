// Every kind of operation, ready to run against the sandbox with the input it needs: the
// connection test, each trigger and dropdown, Find User, and each action.
import { authentication } from '../helpers/definition';
import type { Kind } from '../helpers/invoke';
import { newUser } from '../helpers/sandbox';
import { freshEmail, type UserLike } from '../helpers/users';
import type { Sandbox } from '../../dev/sandbox/server';
import { bundleFor, performOf, type AuthData, type AppTester } from '../../dev/tour/harness';

type Input = Record<string, unknown>;

export interface SandboxOperation {
  name: string;
  /** The path its one request goes to (faults match by prefix); known once `input` ran. */
  readonly path: string;
  write: boolean;
  /** The input for one run (made before a fault is queued: it may create a user to work on). */
  input(): Promise<Input>;
  run(auth: AuthData, input: Input): Promise<unknown>;
}

/**
 * The operations, acting on `known` (an existing sub-account user of the first location) and,
 * for Delete User, on a user made for each run.
 */
export const sandboxOperations = (
  sandbox: () => Sandbox,
  appTester: AppTester,
  known: () => UserLike,
): SandboxOperation[] => {
  const step = (
    kind: Kind,
    key: string,
    path: () => string,
    write: boolean,
    input: () => Promise<Input>,
  ): SandboxOperation => ({
    name: key,
    get path() {
      return path();
    },
    write,
    input,
    run: (auth, data) => appTester(performOf(kind, key), bundleFor(auth, data)),
  });
  const location = () => sandbox().locations[0]?.id ?? '';
  let victim = '';

  return [
    {
      name: 'connection test',
      get path() {
        return `/users/${sandbox().agency.userId}`;
      },
      write: false,
      input: async () => ({}),
      run: (auth) => appTester(authentication.test, bundleFor(auth)),
    },
    step(
      'triggers',
      'search_users',
      () => '/users/search',
      false,
      async () => ({ query: 'a' }),
    ),
    step(
      'triggers',
      'filter_users_by_email',
      () => '/users/search/filter-by-email',
      false,
      async () => ({ emails: [known().email] }),
    ),
    step(
      'triggers',
      'get_user',
      () => `/users/${known().id}`,
      false,
      async () => ({ userId: known().id }),
    ),
    step(
      'triggers',
      'list_users_by_location',
      () => '/users/search',
      false,
      async () => ({
        locationId: location(),
      }),
    ),
    step(
      'triggers',
      'user_choices',
      () => '/users/search',
      false,
      async () => ({}),
    ),
    step(
      'triggers',
      'location_choices',
      () => '/locations/search',
      false,
      async () => ({}),
    ),
    step(
      'searches',
      'find_user',
      () => '/users/search/filter-by-email',
      false,
      async () => ({
        email: known().email,
      }),
    ),
    step(
      'creates',
      'create_user',
      () => '/users/',
      true,
      async () => ({
        firstName: 'Fault',
        lastName: 'Tolerant',
        email: freshEmail('op'),
        password: 'test-Password-1',
        type: 'account',
        role: 'user',
        locationIds: [location()],
      }),
    ),
    step(
      'creates',
      'update_user',
      () => `/users/${known().id}`,
      true,
      async () => ({ userId: known().id, lastName: 'Updated' }),
    ),
    step(
      'creates',
      'delete_user',
      () => `/users/${victim}`,
      true,
      async () => {
        victim = (await newUser(sandbox())).id;
        return { userId: victim };
      },
    ),
  ];
};
