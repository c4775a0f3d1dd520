import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import App from '../../index';
import { compiledApp } from '../helpers/definition';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { fieldError, highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { PERMISSION_KEYS } from '../../lib/highlevel/catalog';
import {
  allSwitches,
  ENDPOINT_WORDS,
  expectSampleFits,
  switchesOnly,
  TEMPLATE_ID,
  TEMPLATE_LOCATION,
  templateUser,
} from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.creates.update_user;
if (typeof operation.perform !== 'function' || !operation.inputFields) {
  throw new Error('update_user must have a perform function and input fields');
}
const { perform: typedPerform, inputFields } = operation;
// The fields made by a list (the scope edits) give the inferred input type an index signature that
// no real bundle satisfies; Zapier hands inputs over loosely typed anyway.
const perform = typedPerform as (z: ZObject, bundle: Bundle) => ReturnType<typeof typedPerform>;

const USER_ID = '0IHuJvc2ofPAAA8GzTRi';
const PASSWORD = 'N3w-Pa55word!';
const OTHER_LOCATION = 'otherLocation0000001';

// The user as HighLevel has it before the update: every switch, two sub-accounts, some scopes.
const currentUser = {
  id: USER_ID,
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  // With a switch HighLevel's documents do not list, as live users have (U4): it must survive.
  permissions: {
    ...allSwitches({ websitesEnabled: true, botService: true }),
    opportunitiesBulkActionsEnabled: true,
  },
  scopes: ['contacts.write', 'calendars.readonly', 'opportunities.write'],
  scopesAssignedToOnly: ['conversations.readonly'],
  roles: {
    type: 'account',
    role: 'user',
    locationIds: [LOCATION_ID, OTHER_LOCATION],
    restrictSubAccount: true,
  },
  deleted: false,
};

/** The requests a step made, in order, as the replies below record them. */
const order: string[] = [];
beforeEach(() => {
  order.length = 0;
});

const expectGetUser = (answer: Record<string, unknown> = currentUser) =>
  highlevel()
    .get(`/users/${USER_ID}`)
    .reply(200, () => {
      order.push('GET user');
      return answer;
    });

const expectGetTemplate = (answer: Record<string, unknown> = templateUser) =>
  highlevel()
    .get(`/users/${TEMPLATE_ID}`)
    .reply(200, () => {
      order.push('GET template');
      return answer;
    });

// HighLevel's 200 answer as documented (UserSuccessfulResponseDto).
const updatedUser = {
  id: USER_ID,
  name: 'John Deo',
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  phone: '+1 555-010-9999',
  extension: '',
  permissions: { campaignsEnabled: true, contactsEnabled: true },
  scopes: ['contacts.write'],
  roles: { type: 'account', role: 'user', locationIds: [LOCATION_ID], restrictSubAccount: true },
  deleted: false,
  lcPhone: {},
  platformLanguage: 'en_US',
};

const mappedUpdatedUser = {
  ...updatedUser,
  type: 'account',
  role: 'user',
  locationIds: [LOCATION_ID],
  restrictSubAccount: true,
  scopesAssignedToOnly: [],
};

/** A nock PUT that fails the test unless the body is exactly `expected`. */
const expectPut = (expected: Record<string, unknown>, path = `/users/${USER_ID}`) =>
  highlevel()
    .put(path, (body) => {
      expect(body).toEqual(expected);
      return true;
    })
    .matchHeader('content-type', /application\/json/);

/** A PUT with exactly this body, recorded in `order`. */
const expectPutOf = (expected: Record<string, unknown>) =>
  expectPut(expected).reply(200, () => {
    order.push('PUT');
    return updatedUser;
  });

const update = (inputData: Record<string, unknown>, auth = agencyAuth()) =>
  appTester(perform, makeBundle({ userId: USER_ID, ...inputData }, auth));

describe('update_user (Update User)', () => {
  it('sends only the one field filled in, with the company for an agency', async () => {
    expectPut({ companyId: COMPANY_ID, phone: '+1 555-010-9999' }).reply(200, updatedUser);
    const result = await appTester(
      perform,
      makeBundle({ userId: USER_ID, phone: '+1 555-010-9999' }, agencyAuth()),
    );
    expect(result).toEqual(mappedUpdatedUser);
  });

  it('sends no companyId on a Sub-account connection', async () => {
    expectPut({ firstName: 'John' }).reply(200, updatedUser);
    await appTester(perform, makeBundle({ userId: USER_ID, firstName: 'John' }, subAccountAuth()));
  });

  it('never sends empty fields: no scopes [], locations, permissions or blank text', async () => {
    expectPut({ companyId: COMPANY_ID, role: 'user' }).reply(200, updatedUser);
    await appTester(
      perform,
      makeBundle(
        {
          userId: USER_ID,
          role: 'user',
          firstName: '',
          lastName: '   ',
          password: '',
          phone: '',
          type: '',
          locationIds: [],
          scopes: [],
          scopesAssignedToOnly: [''],
          permissions: [],
          permissionsOff: [],
          profilePhoto: '',
          platformLanguage: '',
        },
        agencyAuth(),
      ),
    );
  });

  it('never sends an email an older Zap still holds', async () => {
    expectPut({ companyId: COMPANY_ID, lastName: 'Doe' }).reply(200, updatedUser);
    await appTester(
      perform,
      makeBundle({ userId: USER_ID, lastName: 'Doe', email: 'new@deo.com' }, agencyAuth()),
    );
  });

  it('sends every field the user filled in, reading the switches first', async () => {
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      firstName: 'Jane',
      lastName: 'Doe',
      password: PASSWORD,
      phone: '+1 555-010-9999',
      type: 'account',
      role: 'admin',
      locationIds: [LOCATION_ID],
      permissions: { ...currentUser.permissions, contactsEnabled: true, settingsEnabled: false },
      scopes: ['contacts.write'],
      scopesAssignedToOnly: ['conversations.readonly'],
      profilePhoto: 'https://example.com/jane.png',
      platformLanguage: 'de',
    });
    const result = await appTester(
      perform,
      makeBundle(
        {
          userId: USER_ID,
          firstName: 'Jane',
          lastName: 'Doe',
          password: PASSWORD,
          phone: '+1 555-010-9999',
          type: 'account',
          role: 'admin',
          locationIds: [LOCATION_ID],
          permissions: ['Contacts'],
          permissionsOff: ['settingsEnabled'],
          scopes: ['contacts.write'],
          scopesAssignedToOnly: ['conversations.readonly'],
          profilePhoto: 'https://example.com/jane.png',
          platformLanguage: 'de',
        },
        agencyAuth(),
      ),
    );
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(result).not.toHaveProperty('password');
    expect(order).toEqual(['GET user', 'PUT']);
  });

  it('turns off only the permission named, sending every other switch as it was', async () => {
    expectGetUser();
    expectPutOf({ permissions: { ...currentUser.permissions, websitesEnabled: false } });
    await update({ permissionsOff: ['Websites'] }, subAccountAuth());
    expect(order).toEqual(['GET user', 'PUT']);
  });

  it('outputs every switch HighLevel answers with, one its documents lack included', async () => {
    const permissions = { ...currentUser.permissions, websitesEnabled: false };
    expectGetUser();
    expectPut({ permissions }).reply(200, { ...updatedUser, permissions });
    const result = (await update({ permissionsOff: ['Websites'] }, subAccountAuth())) as {
      permissions: Record<string, unknown>;
    };
    expect(result.permissions).toEqual(permissions);
    expect(result.permissions.opportunitiesBulkActionsEnabled).toBe(true);
  });

  it('accepts a weak-looking but valid password and refuses one that breaks the policy', async () => {
    expectPutOf({ password: 'Aa1!aaaaaaaa' });
    await update({ password: 'Aa1!aaaaaaaa' }, subAccountAuth());
    await expect(update({ password: 'weakpass' }, subAccountAuth())).rejects.toMatchObject(
      fieldError(
        'Please fix this field: Password (password) must have at least 12 characters, an ' +
          'upper-case letter (A-Z), a digit (0-9) and a special character such as ! @ # $ ' +
          "(HighLevel's password policy).",
      ),
    );
    expect(order).toEqual(['PUT']);
  });

  it('puts the trimmed user ID into the path, and refuses one that is not a plain ID', async () => {
    expectPut({ firstName: 'Jane' }, '/users/abc_DEF-123').reply(200, updatedUser);
    await appTester(
      perform,
      makeBundle({ userId: ' abc_DEF-123 ', firstName: 'Jane' }, subAccountAuth()),
    );
    await expect(
      appTester(perform, makeBundle({ userId: 'user+1', firstName: 'Jane' }, subAccountAuth())),
    ).rejects.toMatchObject(
      fieldError(
        'Please fix this field: User (userId) must be a single HighLevel ID: letters and digits only, like Tq8v2LmZ4xNc7RbW1sKd.',
      ),
    );
  });

  it('has no Email field, and says why', () => {
    const keys = inputFields.flatMap((field) => (typeof field === 'function' ? [] : [field.key]));
    expect(keys).not.toContain('email');
    expect(keys[0]).toBe('userId');
    const [userField] = inputFields;
    expect(userField).toMatchObject({
      key: 'userId',
      required: true,
      dynamic: 'user_choices.id.name',
      search: 'find_user.id',
      helpText: expect.stringContaining('cannot be changed'),
    });
    for (const field of inputFields) {
      if (typeof field === 'function') continue;
      if (field.key !== 'userId')
        expect({ [field.key]: field.required }).toEqual({ [field.key]: false });
      expect(field.helpText).toBeTruthy();
    }
  });

  it('offers the list edits, each optional, scopes from the scope_choices dropdown', () => {
    const byKey = Object.fromEntries(
      inputFields.flatMap((field) => (typeof field === 'function' ? [] : [[field.key, field]])),
    );
    for (const key of ['addLocationIds', 'removeLocationIds']) {
      expect(byKey[key]).toMatchObject({
        dynamic: 'location_choices.id.name',
        list: true,
        required: false,
      });
    }
    for (const key of [
      'scopes',
      'addScopes',
      'removeScopes',
      'scopesAssignedToOnly',
      'addScopesAssignedToOnly',
      'removeScopesAssignedToOnly',
    ]) {
      expect({ key, field: byKey[key] }).toEqual({
        key,
        field: expect.objectContaining({
          dynamic: 'scope_choices.id.name',
          list: true,
          required: false,
        }),
      });
    }
    expect(byKey.locationIds).toMatchObject({ label: 'Sub-accounts' });
    expect(byKey.password).toMatchObject({ type: 'string', required: false });
    expect(byKey.copyAccessFromUserId).toMatchObject({
      label: 'Copy Access From',
      dynamic: 'user_choices.id.name',
    });
    expect(byKey.copySubAccounts).toMatchObject({ type: 'boolean', required: false });
  });

  it('is described in Zapier words, naming no endpoint', () => {
    expect(App.creates.update_user.display.description).not.toMatch(ENDPOINT_WORDS);
  });

  it('has a sample shaped like a real mapped user', async () => {
    expectPut({ firstName: 'John' }).reply(200, updatedUser);
    const real = await update({ firstName: 'John' }, subAccountAuth());
    expectSampleFits(
      compiledApp.creates.update_user.operation.sample,
      compiledApp.creates.update_user.operation.outputFields,
      real,
    );
  });

  describe('refuses before any request', () => {
    it('when nothing is filled in to change', async () => {
      await expect(
        appTester(
          perform,
          makeBundle({ userId: USER_ID, scopes: [], firstName: '' }, agencyAuth()),
        ),
      ).rejects.toMatchObject(fieldError('Fill in at least one field to change'));
    });

    it.each([
      ['a slash', 'abc/def', 'must be a single HighLevel ID'],
      ['dots', '..', 'must be a single HighLevel ID'],
      ['a query', 'abc?x=1', 'must be a single HighLevel ID'],
      ['nothing', '', 'must not be empty'],
    ])('a user ID with %s', async (_case, userId, problem) => {
      await expect(
        appTester(perform, makeBundle({ userId, firstName: 'Jane' }, agencyAuth())),
      ).rejects.toMatchObject(fieldError(`User (userId) ${problem}`));
    });

    it.each([
      ['an unknown type', { type: 'robot' }, 'User Type (type) must be one of'],
      ['a bad phone', { phone: '12' }, 'Phone (phone) must have between 7 and 15 digits'],
      ['a bad URL', { profilePhoto: 'not a url' }, 'Profile Photo URL (profilePhoto) must be'],
      [
        'a value that cannot be a scope code',
        { scopes: ['root write'] },
        'Scopes (scopes) has \\"root write\\", which is not a scope code (like contacts.write)',
      ],
      [
        'an unknown permission',
        { permissions: ['Flying'] },
        'Permissions to Turn On (permissions) has unknown permission(s)',
      ],
      [
        'Scopes and Scopes to Turn On together',
        { scopes: ['contacts.write'], addScopes: ['calendars.write'] },
        'Please fix this field: Scopes (scopes) replaces the whole list, so it cannot be combined ' +
          'with Scopes to Turn On (addScopes): fill in one or the other.',
      ],
      [
        'Scopes and Scopes to Turn Off together',
        { scopes: ['contacts.write'], removeScopes: ['calendars.write'] },
        'Scopes (scopes) replaces the whole list, so it cannot be combined with Scopes to Turn Off (removeScopes)',
      ],
      [
        'Sub-accounts and Sub-accounts to Add together',
        { locationIds: [LOCATION_ID], addLocationIds: [OTHER_LOCATION] },
        'Sub-accounts (locationIds) replaces the whole list, so it cannot be combined with ' +
          'Sub-accounts to Add (addLocationIds)',
      ],
      [
        'Sub-accounts and Sub-accounts to Remove together',
        { locationIds: [LOCATION_ID], removeLocationIds: [OTHER_LOCATION] },
        'Sub-accounts (locationIds) replaces the whole list, so it cannot be combined with ' +
          'Sub-accounts to Remove (removeLocationIds)',
      ],
      [
        'assigned-data Scopes and their additions together',
        { scopesAssignedToOnly: ['contacts.write'], addScopesAssignedToOnly: ['calendars.write'] },
        'Scopes for Assigned Data Only (scopesAssignedToOnly) replaces the whole list, so it cannot ' +
          'be combined with Assigned-Data Scopes to Turn On (addScopesAssignedToOnly)',
      ],
      [
        'the same sub-account to add and remove',
        { addLocationIds: [OTHER_LOCATION], removeLocationIds: [OTHER_LOCATION] },
        `Sub-accounts to Add (addLocationIds) and Sub-accounts to Remove (removeLocationIds) both name ${OTHER_LOCATION}`,
      ],
      [
        'the same scope to turn on and off, in any case',
        { addScopes: ['Contacts.Write'], removeScopes: ['contacts.write'] },
        'Scopes to Turn On (addScopes) and Scopes to Turn Off (removeScopes) both name contacts.write',
      ],
      [
        'the same switch to turn on and off',
        { permissions: ['Contacts'], permissionsOff: ['contactsEnabled'] },
        'Permissions to Turn Off (permissionsOff) names Contacts, which Permissions to Turn On (permissions) turns on',
      ],
      [
        'a scope to add that cannot be a scope code',
        { addScopes: ['.write'] },
        'Scopes to Turn On (addScopes) has \\".write\\", which is not a scope code (like contacts.write)',
      ],
      [
        'a name holding {{…}}, which Zapier would strip before sending',
        { firstName: 'Ann {{nick}} Lee' },
        "First Name (firstName) must not contain {{…}}: Zapier's request client would remove it before sending",
      ],
      [
        'a password holding {{…}}',
        { password: 'Str0ng-{{pass}}-word' },
        "Password (password) must not contain {{…}}: Zapier's request client would remove it before sending",
      ],
      [
        'a sub-account to add with a slash',
        { addLocationIds: ['a/b'] },
        'Sub-accounts to Add (addLocationIds) has \\"a/b\\", which must be a single HighLevel sub-account ID',
      ],
      [
        'Also Copy Sub-accounts without Copy Access From',
        { copySubAccounts: true },
        'Also Copy Sub-accounts (copySubAccounts) needs Copy Access From (copyAccessFromUserId)',
      ],
    ])('%s', async (_case, change, message) => {
      await expect(
        appTester(perform, makeBundle({ userId: USER_ID, ...change }, agencyAuth())),
      ).rejects.toMatchObject(fieldError(message));
    });
  });

  describe("HighLevel's errors", () => {
    const run = () =>
      appTester(perform, makeBundle({ userId: USER_ID, password: PASSWORD }, subAccountAuth()));

    itTurnsHighLevelErrors(
      highlevelErrors({
        scope: 'users.write',
        notFound: { message: 'User not found', what: 'that user' },
      }),
      () => highlevel().put(`/users/${USER_ID}`),
      run,
    );

    it('a 400 fails with HighLevel’s words, without the password', async () => {
      highlevel()
        .put(`/users/${USER_ID}`)
        .reply(400, { statusCode: 400, message: `Weak password ${PASSWORD}` });
      const error = await run().catch((err: Error) => err);
      expect(error).toMatchObject({
        name: 'AppError',
        message: expect.stringContaining(
          'HighLevel rejected the request (HTTP 400): Weak password [hidden].',
        ),
      });
      expect((error as Error).message).not.toContain(PASSWORD);
    });

    itTurnsHighLevelErrors(
      highlevelErrors({
        scope: 'users.readonly',
        notFound: { message: 'User not found', what: 'that user' },
      }),
      () => highlevel().get(`/users/${USER_ID}`),
      // The read of the current switches fails: nothing is written.
      () => update({ permissions: ['Contacts'] }, subAccountAuth()),
    );
  });

  it('builds the body from mapped text values as well', async () => {
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      locationIds: [LOCATION_ID],
      scopes: ['contacts.write'],
      permissions: { ...currentUser.permissions, contactsEnabled: true },
      role: 'user',
    });
    await update({
      locationIds: `${LOCATION_ID},`,
      scopes: 'CONTACTS.write',
      permissions: 'contactsEnabled',
      role: 'User',
    });
  });
});

describe('update_user: adding and removing', () => {
  it('adds sub-accounts after the current ones, without duplicates', async () => {
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      locationIds: [LOCATION_ID, OTHER_LOCATION, 'newLocation000000001'],
    });
    await update({ addLocationIds: ['newLocation000000001', LOCATION_ID] });
    expect(order).toEqual(['GET user', 'PUT']);
  });

  it('removes sub-accounts and keeps the rest in their order', async () => {
    expectGetUser({
      ...currentUser,
      roles: { ...currentUser.roles, locationIds: ['a1', LOCATION_ID, 'b2', OTHER_LOCATION] },
    });
    expectPutOf({ companyId: COMPANY_ID, locationIds: ['a1', 'b2', 'c3'] });
    await update({
      removeLocationIds: `${LOCATION_ID}, ${OTHER_LOCATION}`,
      addLocationIds: ['c3'],
    });
    expect(order).toEqual(['GET user', 'PUT']);
  });

  it('refuses to remove the last sub-account after reading the user, and writes nothing', async () => {
    expectGetUser();
    // No PUT scope: a write would fail with NetConnectNotAllowedError instead.
    await expect(
      update({ removeLocationIds: [LOCATION_ID, OTHER_LOCATION] }),
    ).rejects.toMatchObject(
      fieldError(
        'Please fix this field: Sub-accounts to Remove (removeLocationIds) would leave the user ' +
          'with no sub-account; nothing was changed.',
      ),
    );
    expect(order).toEqual(['GET user']);
  });

  it('turns scopes on and off, keeping the others as they are', async () => {
    expectGetUser();
    expectPutOf({
      scopes: ['contacts.write', 'opportunities.write', 'calendars.write'],
      scopesAssignedToOnly: ['conversations.readonly', 'contacts.write'],
    });
    await update(
      {
        addScopes: ['CALENDARS.WRITE'],
        removeScopes: ['calendars.readonly'],
        addScopesAssignedToOnly: ['contacts.write'],
      },
      subAccountAuth(),
    );
    expect(order).toEqual(['GET user', 'PUT']);
  });

  it('edits and permissions together still read the user once', async () => {
    expectGetUser();
    expectPutOf({
      scopes: ['contacts.write', 'calendars.readonly'],
      permissions: { ...currentUser.permissions, botService: false },
    });
    await update(
      { removeScopes: ['opportunities.write'], permissionsOff: ['Bot Service'] },
      subAccountAuth(),
    );
    expect(order).toEqual(['GET user', 'PUT']);
  });

  it('an update touching no permission and no list edit is one PUT', async () => {
    expectPutOf({
      companyId: COMPANY_ID,
      type: 'account',
      scopes: ['contacts.write'],
      locationIds: [LOCATION_ID],
    });
    await update({ type: 'Account', scopes: ['contacts.write'], locationIds: [LOCATION_ID] });
    expect(order).toEqual(['PUT']);
  });
});

describe('update_user: Copy Access From', () => {
  // The user may have switches neither the Zap nor the template names (HighLevel adds them), and a
  // partial permissions object may reset them: the user is read, and those go back as they are.
  it('copies a template: GET template, GET user, PUT with every switch', async () => {
    expectGetTemplate();
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      permissions: { ...currentUser.permissions, ...templateUser.permissions },
      scopes: templateUser.scopes,
      scopesAssignedToOnly: templateUser.scopesAssignedToOnly,
    });
    await update({ copyAccessFromUserId: TEMPLATE_ID });
    expect(order).toEqual(['GET template', 'GET user', 'PUT']);
    expect(Object.keys(templateUser.permissions)).toHaveLength(PERMISSION_KEYS.length);
  });

  it('lets the switches named win, and applies scope edits to the template', async () => {
    expectGetTemplate();
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      firstName: 'Jane',
      permissions: {
        ...currentUser.permissions,
        ...templateUser.permissions,
        workflowsEnabled: true,
        contactsEnabled: false,
      },
      scopes: ['contacts.write', 'calendars.readonly', 'opportunities.write'],
      scopesAssignedToOnly: ['conversations.readonly'],
    });
    await update({
      firstName: 'Jane',
      copyAccessFromUserId: TEMPLATE_ID,
      permissions: ['workflowsEnabled'],
      permissionsOff: ['Contacts'],
      addScopes: ['opportunities.write'],
      removeScopes: ['conversations.readonly'],
      scopesAssignedToOnly: ['conversations.readonly'],
    });
    expect(order).toEqual(['GET template', 'GET user', 'PUT']);
  });

  it('copies type, role and sub-accounts only with Also Copy Sub-accounts', async () => {
    expectGetTemplate();
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      type: 'account',
      role: 'admin',
      locationIds: [TEMPLATE_LOCATION, LOCATION_ID],
      permissions: { ...currentUser.permissions, ...templateUser.permissions },
      scopes: templateUser.scopes,
      scopesAssignedToOnly: templateUser.scopesAssignedToOnly,
    });
    await update({ copyAccessFromUserId: TEMPLATE_ID, copySubAccounts: 'yes', role: 'admin' });
    expect(order).toEqual(['GET template', 'GET user', 'PUT']);
  });

  it("copies the template's switches, known or not, and keeps the user's others", async () => {
    const partial = {
      ...templateUser,
      permissions: { contactsEnabled: false, websitesEnabled: false, fooEnabled: true },
    };
    expectGetTemplate(partial);
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      permissions: {
        ...currentUser.permissions,
        contactsEnabled: false,
        websitesEnabled: false,
        fooEnabled: true,
      },
      scopes: templateUser.scopes,
      scopesAssignedToOnly: templateUser.scopesAssignedToOnly,
    });
    await update({ copyAccessFromUserId: TEMPLATE_ID });
    expect(order).toEqual(['GET template', 'GET user', 'PUT']);
  });

  it("reads the user too when a sub-account edit needs the user's own list", async () => {
    expectGetTemplate();
    expectGetUser();
    expectPutOf({
      companyId: COMPANY_ID,
      locationIds: [LOCATION_ID, OTHER_LOCATION, 'newLocation000000001'],
      permissions: { ...currentUser.permissions, ...templateUser.permissions },
      scopes: templateUser.scopes,
      scopesAssignedToOnly: templateUser.scopesAssignedToOnly,
    });
    await update({ copyAccessFromUserId: TEMPLATE_ID, addLocationIds: ['newLocation000000001'] });
    expect(order).toEqual(['GET template', 'GET user', 'PUT']);
  });

  it.each([
    ['a 404', 404, { statusCode: 404, message: 'User not found' }],
    [
      'a 401 "The user does not exist."',
      401,
      { statusCode: 401, message: 'The user does not exist.' },
    ],
  ])(
    'fails on a template that answers %s, naming Copy Access From, writing nothing',
    async (_label, status, body) => {
      highlevel().get(`/users/${TEMPLATE_ID}`).reply(status, body);
      // No PUT scope: a write would fail with NetConnectNotAllowedError instead.
      await expect(
        update({ copyAccessFromUserId: TEMPLATE_ID, permissions: ['Contacts'] }),
      ).rejects.toMatchObject(
        fieldError(
          'Please fix this field: Copy Access From (copyAccessFromUserId): HighLevel has no user with ' +
            'this ID (it may have been deleted); nothing was changed.',
        ),
      );
    },
  );

  it('refuses a deleted template, writing nothing', async () => {
    expectGetTemplate({ ...templateUser, deleted: true, permissions: switchesOnly() });
    await expect(update({ copyAccessFromUserId: TEMPLATE_ID })).rejects.toMatchObject(
      fieldError(
        'Copy Access From (copyAccessFromUserId): that user has been deleted; pick an active user',
      ),
    );
    expect(order).toEqual(['GET template']);
  });
});
