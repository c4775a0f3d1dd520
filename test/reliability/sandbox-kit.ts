// What the sandbox-based reliability tests share: a sandbox per test file with the app pointed at
// it, the connections it hands out, and direct calls for setting up data.
import type { Sandbox } from '../../dev/sandbox/server';
import { direct } from '../helpers/sandbox';

export { authDataOf as authOf, direct, sandboxForFile } from '../helpers/sandbox';

export interface SandboxUser {
  id: string;
  email: string;
  roles?: { locationIds?: string[] };
}

/** Users of the company with this email, deleted ones left out (what a duplicate check needs). */
export const usersWithEmail = async (sandbox: Sandbox, email: string): Promise<SandboxUser[]> => {
  const found = await direct<{ users: SandboxUser[] }>(sandbox, '/users/search/filter-by-email', {
    method: 'POST',
    body: { companyId: sandbox.company.id, emails: email, projection: 'all' },
  });
  return found.users;
};

let sequence = 0;

/** An email no user has yet. */
export const freshEmail = (what: string): string =>
  `${what}-${process.pid}-${Date.now().toString(36)}-${(sequence += 1)}@example.com`;

/** A new sub-account user, made directly in the sandbox (to be updated or deleted). */
export const newUser = async (sandbox: Sandbox, what = 'victim'): Promise<SandboxUser> =>
  direct<SandboxUser>(sandbox, '/users/', {
    method: 'POST',
    body: {
      companyId: sandbox.company.id,
      firstName: 'Test',
      lastName: 'Victim',
      email: freshEmail(what),
      password: 'test-password-1',
      type: 'account',
      role: 'user',
      locationIds: [sandbox.locations[0]?.id],
    },
  });

/** Faults queued and not yet consumed (a consumed 'slow' fault is never logged: the app hung up). */
export const pendingFaults = async (sandbox: Sandbox): Promise<number> => {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: '[]' });
  return ((await response.json()) as { pending: number }).pending;
};
