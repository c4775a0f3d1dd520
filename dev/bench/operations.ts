// The operations the benchmark invokes: the inputs the app gets, and the one request the minimal
// core app and the bare fetch make in its place, so every side does the same work on the sandbox.
import { API_VERSION, PAGE_SIZE } from '../../lib/highlevel/config';
import type { Sandbox } from '../sandbox/server';
import type { AuthData, bundleFor } from '../tour/harness';
import type { PlainCall } from './minimal-app';

export type Kind = 'triggers' | 'creates' | 'searches';
/**
 * app: the built app. bare: the same app code (performs, middleware, authentication) in a
 * definition stripped to what runs, which sets apart what core spends on our definition.
 * core: the minimal core app. fetch: a bare fetch.
 */
export type Side = 'app' | 'bare' | 'core' | 'fetch';
export const SIDES: Side[] = ['app', 'bare', 'core', 'fetch'];

/** One invocation: the app's bundle, and the request the baselines make in its place. */
export interface Invocation {
  inputData: Record<string, unknown>;
  meta?: Parameters<typeof bundleFor>[2];
  call: PlainCall;
}

export interface Operation {
  /** The operation's key in the app. */
  key: string;
  /** How the table names it, when not just the key. */
  label?: string;
  kind: Kind;
  /** Requests one invocation may make: Zapier runs each step once per Zap run. */
  limit: number;
  /** The i-th invocation on one side (writes need their own user each time). */
  invocation: (i: number, side: Side) => Invocation;
  /** Sees what each invocation returned (create_user keeps its users for delete_user). */
  returned?: (i: number, side: Side, result: unknown) => void;
}

export const operations = (
  sandbox: Sandbox,
  authData: AuthData,
  seeded: Array<{ id: string; email: string }>,
): Operation[] => {
  const base = sandbox.url;
  const companyId = authData.companyId;
  const headers = {
    Authorization: `Bearer ${authData.access_token}`,
    Version: API_VERSION,
    Accept: 'application/json',
  };
  const jsonHeaders = { ...headers, 'Content-Type': 'application/json' };
  const page = { limit: String(PAGE_SIZE), skip: '0' };
  const newestFirst = { sort: 'dateAdded', sortDirection: 'desc' };
  const location = sandbox.locations[0].id;
  const [target, updated, ...others] = seeded;
  const watched = others.slice(0, 5).map((user) => user.email);
  const runId = Date.now().toString(36);
  const newEmail = (i: number, side: Side) => `bench.${runId}.${side}.${i}@example.com`;
  // Users made by create_user on each side, deleted one by one by delete_user on the same side.
  const created: Record<Side, string[]> = { app: [], bare: [], core: [], fetch: [] };

  const get = (
    path: string,
    params: Record<string, string>,
    list?: PlainCall['list'],
  ): PlainCall => ({ method: 'GET', url: `${base}${path}`, params, headers, list });
  const send = (
    method: 'POST' | 'PUT',
    path: string,
    body: Record<string, unknown>,
    list?: PlainCall['list'],
  ): PlainCall => ({ method, url: `${base}${path}`, headers: jsonHeaders, body, list });

  return [
    {
      key: 'search_users',
      kind: 'triggers',
      limit: 1,
      invocation: () => ({
        inputData: {},
        call: get('/users/search', { companyId, ...newestFirst, ...page }, 'users'),
      }),
    },
    {
      key: 'filter_users_by_email',
      kind: 'triggers',
      limit: 1,
      invocation: () => ({
        inputData: { emails: watched },
        call: send(
          'POST',
          '/users/search/filter-by-email',
          { companyId, emails: watched.join(','), projection: 'all', ...page },
          'users',
        ),
      }),
    },
    {
      key: 'get_user',
      kind: 'triggers',
      limit: 1,
      invocation: () => ({
        inputData: { userId: target.id },
        call: get(`/users/${target.id}`, {}),
      }),
    },
    {
      key: 'list_users_by_location',
      kind: 'triggers',
      limit: 1,
      invocation: () => ({
        inputData: { locationId: location },
        call: get(
          '/users/search',
          { companyId, locationId: location, ...newestFirst, ...page },
          'users',
        ),
      }),
    },
    {
      key: 'user_choices',
      label: 'user_choices (page 0)',
      kind: 'triggers',
      limit: 1,
      invocation: () => ({
        inputData: {},
        meta: { page: 0, isFillingDynamicDropdown: true },
        call: get('/users/search', { companyId, ...page }, 'users'),
      }),
    },
    {
      key: 'location_choices',
      kind: 'triggers',
      limit: 1,
      invocation: () => ({
        inputData: {},
        meta: { page: 0, isFillingDynamicDropdown: true },
        call: get(
          '/locations/search',
          { companyId, skip: '0', limit: String(PAGE_SIZE) },
          'locations',
        ),
      }),
    },
    {
      key: 'find_user',
      label: 'find_user (email)',
      kind: 'searches',
      limit: 1,
      invocation: () => ({
        inputData: { email: target.email },
        call: send(
          'POST',
          '/users/search/filter-by-email',
          { companyId, emails: target.email, projection: 'all' },
          'users',
        ),
      }),
    },
    {
      key: 'create_user',
      kind: 'creates',
      limit: 1,
      returned: (i, side, result) => {
        created[side][i] = String((result as { id?: unknown }).id);
      },
      invocation: (i, side) => {
        const person = {
          firstName: 'Bench',
          lastName: `User ${i}`,
          email: newEmail(i, side),
          password: 'Bench-Password-1',
          type: 'account',
          role: 'user',
          phone: '+1 808-868-8888',
        };
        return {
          inputData: { ...person, locationIds: [location] },
          call: send('POST', '/users/', { companyId, ...person, locationIds: [location] }),
        };
      },
    },
    {
      key: 'update_user',
      kind: 'creates',
      limit: 1,
      invocation: (i) => {
        const changes = {
          firstName: `Bench ${i}`,
          phone: `+1 808-868-${String(i).padStart(4, '0')}`,
        };
        return {
          inputData: { userId: updated.id, ...changes },
          call: send('PUT', `/users/${updated.id}`, { companyId, ...changes }),
        };
      },
    },
    {
      key: 'delete_user',
      kind: 'creates',
      limit: 1,
      invocation: (i, side) => {
        const id = created[side][i];
        if (!id) throw new Error(`delete_user: create_user made no user for run ${i} (${side}).`);
        return {
          inputData: { userId: id },
          call: { method: 'DELETE', url: `${base}/users/${id}`, headers },
        };
      },
    },
  ];
};

/** The operations BENCH_OPS asks for (all when empty); delete_user needs create_user's users. */
export const selectOperations = (all: Operation[], only: string[]): Operation[] => {
  const wanted = new Set(only.includes('delete_user') ? [...only, 'create_user'] : only);
  return wanted.size ? all.filter((op) => wanted.has(op.key)) : all;
};

/** An operation by key, whatever BENCH_OPS selected (the fresh processes need two). */
export const operationByKey = (all: Operation[], key: string): Operation => {
  const op = all.find((o) => o.key === key);
  if (!op) throw new Error(`no operation ${key}`);
  return op;
};
