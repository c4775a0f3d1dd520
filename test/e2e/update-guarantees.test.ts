// Update User never loses what the Zap did not name, even against a HighLevel that resets every
// switch left out of a partial `permissions` object (the sandbox's reset mode). See
// docs/highlevel-behaviour.md, "Partial updates".
import { PERMISSION_KEYS } from '../../lib/highlevel/catalog';
import { authDataOf } from '../helpers/bundle';
import { failureOf } from '../helpers/errors';
import { invoker, line } from '../helpers/invoke';
import { changedKeys, sandboxForFile, storedUser } from '../helpers/sandbox';

const sandbox = sandboxForFile({ partialUpdates: 'reset', users: 20 });
const invoke = invoker(sandbox);

type Stored = Record<string, unknown> & {
  permissions: Record<string, boolean>;
  scopes: string[];
  roles: { locationIds: string[] };
};

const agency = () => authDataOf(sandbox().agency);

/** A fresh account user whose switches are all flipped from the defaults, so a reset shows. */
const newUser = async (suffix: string): Promise<string> => {
  const [first, second] = sandbox().locations;
  const { result } = await invoke<{ id: string }>('creates', 'create_user', agency(), {
    firstName: 'Kept',
    lastName: suffix,
    email: `kept.${suffix}@example.com`,
    password: 'Kept-Passw0rd-2026',
    type: 'account',
    role: 'user',
    locationIds: [first?.id, second?.id],
    scopes: ['contacts.write', 'calendars.readonly', 'opportunities.write'],
    permissions: ['websitesEnabled', 'botService', 'campaignsReadOnly'],
    permissionsOff: ['contactsEnabled', 'workflowsEnabled', 'settingsEnabled'],
  });
  return result.id;
};

describe('Update User against a HighLevel that resets what a partial object leaves out', () => {
  it('the sandbox really resets: a raw partial PUT loses the other switches', async () => {
    const id = await newUser('raw');
    const before = (await storedUser(sandbox(), id)) as Stored;
    const response = await fetch(`${sandbox().url}/users/${id}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${sandbox().agency.access_token}`,
        Version: '2021-07-28',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        companyId: sandbox().company.id,
        permissions: { tagsEnabled: false },
      }),
    });
    expect(response.status).toBe(200);
    const after = (await storedUser(sandbox(), id)) as Stored;
    // Contacts was off; the reset turned it back on: what the app must never let happen.
    expect(before.permissions.contactsEnabled).toBe(false);
    expect(after.permissions.contactsEnabled).toBe(true);
  });

  it('turning one switch off reads the user first and keeps every other switch', async () => {
    const id = await newUser('switch');
    const before = (await storedUser(sandbox(), id)) as Stored;
    const { result, requests } = await invoke<Stored>('creates', 'update_user', agency(), {
      userId: id,
      permissionsOff: ['Tags'],
    });
    expect(requests.map(line)).toEqual([`GET /users/${id}`, `PUT /users/${id}`]);
    const after = (await storedUser(sandbox(), id)) as Stored;
    expect(changedKeys(before.permissions, after.permissions)).toEqual(['tagsEnabled']);
    expect(after.permissions.tagsEnabled).toBe(false);
    expect(changedKeys(before, after)).toEqual(['permissions']);
    expect(result.permissions).toEqual(after.permissions);
    expect(Object.keys(after.permissions).sort()).toEqual([...PERMISSION_KEYS].sort());
  });

  it('a change of a plain field is one request and changes nothing else', async () => {
    const id = await newUser('phone');
    const before = (await storedUser(sandbox(), id)) as Stored;
    const { requests } = await invoke('creates', 'update_user', agency(), {
      userId: id,
      phone: '+1 415 555 0199',
    });
    expect(requests.map(line)).toEqual([`PUT /users/${id}`]);
    const after = (await storedUser(sandbox(), id)) as Stored;
    expect(changedKeys(before, after)).toEqual(['phone']);
  });

  it('adds and removes scopes and sub-accounts without touching the rest', async () => {
    const id = await newUser('lists');
    const [first, second, third] = sandbox().locations;
    const before = (await storedUser(sandbox(), id)) as Stored;
    const { requests } = await invoke('creates', 'update_user', agency(), {
      userId: id,
      addScopes: ['workflows.readonly'],
      removeScopes: ['calendars.readonly'],
      addLocationIds: [third?.id],
      removeLocationIds: [first?.id],
    });
    expect(requests.map(line)).toEqual([`GET /users/${id}`, `PUT /users/${id}`]);
    const after = (await storedUser(sandbox(), id)) as Stored;
    expect(after.scopes).toEqual(['contacts.write', 'opportunities.write', 'workflows.readonly']);
    expect(after.roles.locationIds).toEqual([second?.id, third?.id]);
    expect(after.permissions).toEqual(before.permissions);
    expect(changedKeys(before, after).sort()).toEqual(['roles', 'scopes']);
  });

  it('copies access from another user; the Zap’s own switch wins; nothing else changes', async () => {
    const template = await newUser('template');
    const id = await newUser('copy');
    // Make the two differ: the target gets other scopes and Contacts on.
    await invoke('creates', 'update_user', agency(), {
      userId: id,
      scopes: ['invoices.readonly'],
      permissions: ['Contacts'],
    });
    const before = (await storedUser(sandbox(), id)) as Stored;
    const model = (await storedUser(sandbox(), template)) as Stored;
    const { requests } = await invoke('creates', 'update_user', agency(), {
      userId: id,
      copyAccessFromUserId: template,
      permissions: ['Workflows'],
    });
    // The user is read too: it may have switches the template lacks, which must go back as they are.
    expect(requests.map(line)).toEqual([
      `GET /users/${template}`,
      `GET /users/${id}`,
      `PUT /users/${id}`,
    ]);
    const after = (await storedUser(sandbox(), id)) as Stored;
    expect(after.permissions).toEqual({ ...model.permissions, workflowsEnabled: true });
    expect(after.scopes).toEqual(model.scopes);
    expect(after.roles.locationIds).toEqual(before.roles.locationIds);
    expect(changedKeys(before, after).sort()).toEqual(['permissions', 'scopes']);
  });

  it('a template that does not exist fails naming Copy Access From, and nothing is written', async () => {
    const id = await newUser('missing');
    const before = (await storedUser(sandbox(), id)) as Stored;
    const error = await failureOf(() =>
      invoke('creates', 'update_user', agency(), {
        userId: id,
        copyAccessFromUserId: 'NoSuchUser0000000000',
      }),
    );
    expect(error.message).toContain('Copy Access From (copyAccessFromUserId)');
    expect(await storedUser(sandbox(), id)).toEqual(before);
  });
});
