// The fuzz tests' two judges must still refuse: HighLevel's growing lists (scopes, permission
// switches) are open to values of the right shape, and to nothing else.
import type { CapturedRequest } from '../helpers/api';
import { zodProblems } from './fuzz';
import { loadReference, openApiProblems } from './openapi';

const reference = loadReference();

const createUser = (extra: Record<string, unknown>): CapturedRequest => {
  const body = {
    companyId: 'UAXssdawIWAWD0000001',
    firstName: 'Ann',
    lastName: 'Lee',
    email: 'ann@example.com',
    password: 'Long-Enough-Pass1!',
    type: 'account',
    role: 'user',
    locationIds: ['ve9EPM428h8vShlRW1KT'],
    ...extra,
  };
  return {
    method: 'POST',
    url: 'https://services.leadconnectorhq.com/users/',
    path: '/users/',
    query: {},
    headers: { version: '2021-07-28' },
    rawBody: JSON.stringify(body),
    body,
  };
};

const CASES: Array<[string, Record<string, unknown>, boolean]> = [
  ['a documented switch', { permissions: { contactsEnabled: true } }, true],
  [
    'a switch the documents lack',
    { permissions: { opportunitiesBulkActionsEnabled: false } },
    true,
  ],
  ['a documented scope', { scopes: ['contacts.write'] }, true],
  ['a scope the documents lack', { scopes: ['ai-agents.readonly'] }, true],
  ['a switch of the wrong shape', { permissions: { 'bulk actions': true } }, false],
  [
    'a switch that is not a boolean',
    { permissions: { opportunitiesBulkActionsEnabled: 'yes' } },
    false,
  ],
  ['a scope that cannot be a code', { scopes: ['contacts write'] }, false],
  ['a property the documents lack', { nickname: 'Annie' }, false],
];

describe('the fuzz oracle', () => {
  it.each(CASES)('zod rules: %s', (_what, extra, accepted) => {
    expect(zodProblems(createUser(extra)).length === 0).toBe(accepted);
  });

  (reference ? it.each(CASES) : it.skip.each(CASES))(
    'OpenAPI check (skipped without ../shared/reference): %s',
    (_what, extra, accepted) => {
      expect(openApiProblems(reference!, createUser(extra)).length === 0).toBe(accepted);
    },
  );
});
