import zapier from 'zapier-platform-core';
import App from '../../index';
import { compiledApp } from '../helpers/definition';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { fieldError, highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { PERMISSION_KEYS } from '../../lib/highlevel/catalog';
import { PERMISSION_LABELS } from '../../lib/highlevel/catalog';
import {
  documentedUser,
  ENDPOINT_WORDS,
  expectSampleFits,
  meetsPasswordPolicy,
  TEMPLATE_ID,
  TEMPLATE_LOCATION,
  templateUser,
} from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.creates.create_user;
if (typeof operation.perform !== 'function' || !operation.inputFields) {
  throw new Error('create_user must have a perform function and input fields');
}
const { perform, inputFields } = operation;

const PASSWORD = 'S3cret-Pa55word!';
const OTHER_LOCATION = 'C2QujeCh8ZnC7al2InWR';

// What a Zap step typically holds: the required fields only.
const required = {
  firstName: 'John',
  lastName: 'Deo',
  email: 'john@deo.com',
  password: PASSWORD,
  type: 'account',
  role: 'admin',
  locationIds: [LOCATION_ID],
};

// HighLevel's 201 answer as documented (UserSuccessfulResponseDto; no date field, no password).
const createdUser = {
  ...documentedUser,
  permissions: { campaignsEnabled: true, contactsEnabled: true, websitesEnabled: false },
  lcPhone: { [LOCATION_ID]: '+1234556677' },
  platformLanguage: 'fr_CA',
};

const mappedCreatedUser = {
  ...createdUser,
  type: 'account',
  role: 'admin',
  locationIds: [LOCATION_ID],
  restrictSubAccount: true,
  scopesAssignedToOnly: [],
};

describe('create_user (Create User)', () => {
  it('posts every field, typed and normalised, and returns the mapped user', async () => {
    highlevel()
      .post('/users/', (body) => {
        expect(body).toEqual({
          companyId: COMPANY_ID,
          firstName: 'John',
          lastName: 'Deo',
          email: 'john@deo.com',
          password: PASSWORD,
          phone: '+1 808-868-8888',
          type: 'account',
          role: 'admin',
          locationIds: [LOCATION_ID, OTHER_LOCATION],
          permissions: { contactsEnabled: true, workflowsReadOnly: true, websitesEnabled: false },
          scopes: ['contacts.write', 'campaigns.readonly'],
          scopesAssignedToOnly: ['conversations.readonly'],
          profilePhoto: 'https://example.com/john.png',
          platformLanguage: 'fr_CA',
        });
        return true;
      })
      .matchHeader('content-type', /application\/json/)
      .reply(201, createdUser);
    const result = await appTester(
      perform,
      makeBundle(
        {
          ...required,
          firstName: '  John ',
          locationIds: [LOCATION_ID, OTHER_LOCATION],
          phone: '+1 808-868-8888',
          permissions: ['contactsEnabled', 'workflowsReadOnly'],
          permissionsOff: ['websitesEnabled'],
          scopes: ['contacts.write', 'campaigns.readonly'],
          scopesAssignedToOnly: ['conversations.readonly'],
          profilePhoto: 'https://example.com/john.png',
          platformLanguage: 'fr_CA',
        },
        agencyAuth(),
      ),
    );
    expect(result).toEqual(mappedCreatedUser);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('sends only the required fields when the optional ones are empty', async () => {
    highlevel()
      .post('/users/', (body) => {
        expect(body).toEqual({ companyId: COMPANY_ID, ...required });
        return true;
      })
      .reply(201, createdUser);
    await appTester(
      perform,
      makeBundle(
        {
          ...required,
          phone: '',
          profilePhoto: '  ',
          platformLanguage: '',
          scopes: [],
          scopesAssignedToOnly: [''],
          permissions: [],
          permissionsOff: [],
        },
        agencyAuth(),
      ),
    );
  });

  it('defaults Locations to the connected sub-account on a Sub-account connection', async () => {
    highlevel()
      .post('/users/', (body) => {
        expect(body).toEqual({ companyId: COMPANY_ID, ...required, locationIds: [LOCATION_ID] });
        return true;
      })
      .reply(201, createdUser);
    const result = await appTester(
      perform,
      makeBundle({ ...required, locationIds: [] }, subAccountAuth()),
    );
    expect(result).toEqual(mappedCreatedUser);
  });

  it('keeps the locations picked on a Sub-account connection', async () => {
    highlevel()
      .post('/users/', (body) => {
        expect(body).toEqual({ companyId: COMPANY_ID, ...required, locationIds: [OTHER_LOCATION] });
        return true;
      })
      .reply(201, createdUser);
    await appTester(
      perform,
      makeBundle({ ...required, locationIds: [OTHER_LOCATION] }, subAccountAuth()),
    );
  });

  it('requires Sub-accounts on an Agency connection, naming the field, before any request', async () => {
    await expect(
      appTester(perform, makeBundle({ ...required, locationIds: [] }, agencyAuth())),
    ).rejects.toMatchObject(
      fieldError('Please fix this field: Sub-accounts (locationIds) is required.'),
    );
  });

  describe('the fields that depend on the connection and on copying', () => {
    const fieldFunction = inputFields.find((field) => typeof field === 'function');
    const fieldsFor = async (
      inputData: Record<string, unknown>,
      auth: Record<string, string>,
    ): Promise<Array<Record<string, unknown>>> => {
      if (typeof fieldFunction !== 'function') throw new Error('expected a field function');
      const result: unknown = await appTester(fieldFunction, makeBundle(inputData, auth));
      if (!Array.isArray(result)) throw new Error('expected a list of fields');
      return result as Array<Record<string, unknown>>;
    };
    const required = (fields: Array<Record<string, unknown>>) =>
      Object.fromEntries(fields.map((field) => [field.key, field.required]));

    it('requires Sub-accounts for an agency and not for a sub-account', async () => {
      const forAgency = await fieldsFor({}, agencyAuth());
      expect(forAgency).toEqual([
        expect.objectContaining({ key: 'type', label: 'User Type', required: true }),
        expect.objectContaining({ key: 'role', label: 'Role', required: true }),
        expect.objectContaining({
          key: 'locationIds',
          label: 'Sub-accounts',
          list: true,
          required: true,
          dynamic: 'location_choices.id.name',
        }),
      ]);
      expect(required(await fieldsFor({}, subAccountAuth()))).toEqual({
        type: true,
        role: true,
        locationIds: false,
      });
    });

    it('makes type, role and sub-accounts optional when they are copied', async () => {
      const copying = { copyAccessFromUserId: TEMPLATE_ID, copySubAccounts: true };
      expect(required(await fieldsFor(copying, agencyAuth()))).toEqual({
        type: false,
        role: false,
        locationIds: false,
      });
      // Mapped "yes" counts as Yes.
      expect(
        required(await fieldsFor({ ...copying, copySubAccounts: 'yes' }, agencyAuth())),
      ).toEqual({ type: false, role: false, locationIds: false });
    });

    it('keeps them required when only the access is copied, or nothing is picked to copy', async () => {
      const all = { type: true, role: true, locationIds: true };
      expect(
        required(
          await fieldsFor(
            { copyAccessFromUserId: TEMPLATE_ID, copySubAccounts: false },
            agencyAuth(),
          ),
        ),
      ).toEqual(all);
      expect(required(await fieldsFor({ copySubAccounts: true }, agencyAuth()))).toEqual(all);
    });
  });

  it('refuses a connection without a company before any request', async () => {
    const noCompany = agencyAuth();
    delete noCompany.companyId;
    await expect(appTester(perform, makeBundle(required, noCompany))).rejects.toMatchObject(
      fieldError(
        'This connection does not know which HighLevel agency it belongs to. Reconnect your ' +
          'HighLevel account in Zapier.',
      ),
    );
  });

  describe('bad input names the field and sends nothing', () => {
    it.each([
      ['a malformed email', { email: 'john@' }, 'Email (email) must be a valid email address'],
      [
        'an unknown type',
        { type: 'superuser' },
        'User Type (type) must be one of: agency, account',
      ],
      ['an unknown role', { role: 'owner' }, 'Role (role) must be one of: admin, user'],
      [
        'a value that cannot be a scope code',
        { scopes: ['contacts.write', 'every thing'] },
        'Scopes (scopes) has \\"every thing\\", which is not a scope code (like contacts.write)',
      ],
      [
        'an unknown language',
        { platformLanguage: 'klingon' },
        'Platform Language (platformLanguage) must be one of: en_US',
      ],
      [
        'a name that cannot be a permission switch',
        { permissions: ['contactsEnabled', 'Teleport Machine'] },
        'Permissions to Turn On (permissions) has unknown permission(s): \\"Teleport Machine\\"',
      ],
      [
        'an unknown permission to turn off',
        { permissionsOff: ['Nope'] },
        'Permissions to Turn Off (permissionsOff) has unknown permission(s)',
      ],
      [
        'a permission in both lists',
        { permissions: ['contactsEnabled'], permissionsOff: ['Contacts'] },
        'Permissions to Turn Off (permissionsOff) names Contacts',
      ],
      ['an empty first name', { firstName: '   ' }, 'First Name (firstName) is required'],
      [
        'a password too short and without a digit',
        { password: 'Short-pass' },
        "Please fix this field: Password (password) must have at least 12 characters and a digit (0-9) (HighLevel's password policy).",
      ],
      [
        'a password without upper case or special character',
        { password: 'lowercase12345' },
        "Password (password) must have an upper-case letter (A-Z) and a special character such as ! @ # $ (HighLevel's password policy)",
      ],
      ['a bad phone', { phone: 'call me' }, 'Phone (phone) must be a phone number'],
      ['a too short phone', { phone: '+1 555' }, 'Phone (phone) must have between 7 and 15 digits'],
      [
        'a bad photo URL',
        { profilePhoto: 'ftp://example.com/a.png' },
        'Profile Photo URL (profilePhoto) must be a full http(s) URL',
      ],
      [
        'a sub-account ID with a slash',
        { locationIds: ['abc/def'] },
        'Sub-accounts (locationIds) has \\"abc/def\\", which must be a single HighLevel sub-account ID',
      ],
      [
        'Scopes to Turn On without Copy Access From',
        { addScopes: ['contacts.write'] },
        'Please fix this field: Scopes to Turn On (addScopes) works on a new user only with Copy ' +
          "Access From (copyAccessFromUserId); to choose a new user's scopes, list them all in " +
          'Scopes (scopes).',
      ],
      [
        'Scopes to Turn Off without Copy Access From',
        { removeScopes: ['contacts.write'] },
        'Scopes to Turn Off (removeScopes) works on a new user only with Copy Access From (copyAccessFromUserId)',
      ],
      [
        'Assigned-Data Scopes to Turn On without Copy Access From',
        { addScopesAssignedToOnly: ['contacts.write'] },
        'Assigned-Data Scopes to Turn On (addScopesAssignedToOnly) works on a new user only with Copy Access From',
      ],
      [
        'Scopes together with Scopes to Turn On',
        {
          scopes: ['contacts.write'],
          addScopes: ['calendars.write'],
          copyAccessFromUserId: TEMPLATE_ID,
        },
        'Please fix this field: Scopes (scopes) replaces the whole list, so it cannot be combined ' +
          'with Scopes to Turn On (addScopes): fill in one or the other.',
      ],
      [
        'the same scope to turn on and off',
        {
          addScopes: ['contacts.write'],
          removeScopes: ['Contacts.Write'],
          copyAccessFromUserId: TEMPLATE_ID,
        },
        'Scopes to Turn On (addScopes) and Scopes to Turn Off (removeScopes) both name contacts.write',
      ],
      [
        'Also Copy Sub-accounts without Copy Access From',
        { copySubAccounts: true },
        'Also Copy Sub-accounts (copySubAccounts) needs Copy Access From (copyAccessFromUserId)',
      ],
      [
        'a Copy Access From ID with a slash',
        { copyAccessFromUserId: 'abc/def' },
        'Copy Access From (copyAccessFromUserId) must be a single HighLevel ID',
      ],
    ])('%s', async (_case, change, message) => {
      await expect(
        appTester(perform, makeBundle({ ...required, ...change }, agencyAuth())),
      ).rejects.toMatchObject(fieldError(message));
    });

    it('lists every bad field in one message, without the password', async () => {
      const error = await appTester(
        perform,
        makeBundle({ ...required, email: 'nope', type: 'x', role: 'y' }, agencyAuth()),
      ).catch((err: Error) => err);
      expect(error).toMatchObject(fieldError('Please fix these fields'));
      const { message } = JSON.parse((error as Error).message) as { message: string };
      expect(message).toContain('Email (email)');
      expect(message).toContain('User Type (type)');
      expect(message).toContain('Role (role)');
      expect(message).not.toContain(PASSWORD);
    });
  });

  describe("HighLevel's errors", () => {
    const post = () => highlevel().post('/users/');
    const run = () => appTester(perform, makeBundle(required, agencyAuth()));

    itTurnsHighLevelErrors(
      highlevelErrors({
        scope: 'users.write',
        badRequest: 'User already exists with this email',
        notFound: { message: 'Location not found', what: 'what was asked for' },
        invalid: ['password must be longer than or equal to 8 characters', 'phone is invalid'],
      }),
      post,
      run,
    );

    it('never shows the password, even if HighLevel quotes it', async () => {
      post().reply(400, { statusCode: 400, message: `Password ${PASSWORD} is too weak` });
      const error = await run().catch((err: Error) => err);
      expect(error).toMatchObject({
        name: 'AppError',
        message: expect.stringContaining(
          'HighLevel rejected the request (HTTP 400): Password [hidden] is too weak.',
        ),
      });
      expect((error as Error).message).not.toContain(PASSWORD);
      expect((error as Error).stack).not.toContain(PASSWORD);
    });

    it('never shows a generated password HighLevel quotes', async () => {
      let sent = '';
      highlevel()
        .post('/users/', (body: { password?: unknown }) => {
          sent = String(body.password);
          return true;
        })
        .reply(422, () => ({ statusCode: 422, message: [`password ${sent} is not allowed`] }));
      const withoutPassword: Record<string, unknown> = { ...required };
      delete withoutPassword.password;
      const error = await appTester(perform, makeBundle(withoutPassword, agencyAuth())).catch(
        (err: Error) => err,
      );
      expect(meetsPasswordPolicy(sent)).toBe(true);
      expect(error).toMatchObject({
        name: 'AppError',
        message: expect.stringContaining('(HTTP 422): password [hidden] is not allowed.'),
      });
      expect((error as Error).message).not.toContain(sent);
    });

    it('keeps the password out of errors core would add the step input to', async () => {
      post().reply(401, { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
      const error = await run().catch((err: Error) => err);
      expect(error).toMatchObject({ name: 'RefreshAuthError' });
      expect((error as Error).message).not.toContain(PASSWORD);
    });

    it('an unexpected 2xx body is a readable error', async () => {
      post().reply(201, { ok: true });
      await expect(run()).rejects.toMatchObject(fieldError('unexpected response for the new user'));
    });
  });

  /** Posts and checks the exact body (password apart, when generated); returns the step's output. */
  const created = async (
    inputData: Record<string, unknown>,
    body: Record<string, unknown>,
    auth = agencyAuth(),
  ) => {
    highlevel()
      .post('/users/', (sent) => {
        expect(sent).toEqual(body);
        return true;
      })
      .reply(201, createdUser);
    return appTester(perform, makeBundle(inputData, auth));
  };

  it("HighLevel's lists grow: sends codes and switches the catalog does not know, as they are", async () => {
    await created(
      {
        ...required,
        scopes: ['contacts.write', 'ai-studio.readonly', 'brandnew/feature.write'],
        permissions: ['Contacts', 'opportunitiesBulkActionsEnabled'],
      },
      {
        companyId: COMPANY_ID,
        ...required,
        scopes: ['contacts.write', 'ai-studio.readonly', 'brandnew/feature.write'],
        permissions: { contactsEnabled: true, opportunitiesBulkActionsEnabled: true },
      },
    );
  });

  it('reads a dropdown label mapped from another step as its code, never split at its commas', async () => {
    await created(
      {
        ...required,
        scopes:
          'Sub-account: Contacts, Edit (contacts.write), AI: AI Studio, View (ai-studio.readonly), campaigns.readonly',
      },
      {
        companyId: COMPANY_ID,
        ...required,
        scopes: ['contacts.write', 'ai-studio.readonly', 'campaigns.readonly'],
      },
    );
  });

  it("relays HighLevel's own words when it refuses a scope it does not know", async () => {
    highlevel()
      .post('/users/')
      .reply(422, {
        statusCode: 422,
        message: ['each value in scopes must be one of the following values: …'],
        error: 'Unprocessable Entity',
      });
    await expect(
      appTester(perform, makeBundle({ ...required, scopes: ['brandnew/feature.write'] })),
    ).rejects.toMatchObject(
      fieldError(
        'HighLevel rejected the request (HTTP 422): each value in scopes must be one of the following values: ….',
      ),
    );
  });

  it('reads mapped values: comma-separated lists, any case, labels for permissions', async () => {
    await created(
      {
        ...required,
        type: 'Account',
        role: 'ADMIN',
        platformLanguage: 'FR_ca',
        locationIds: `${LOCATION_ID}, ${OTHER_LOCATION}`,
        scopes: 'Contacts.Write, CAMPAIGNS.READONLY',
        scopesAssignedToOnly: 'Conversations.ReadOnly',
        permissions: 'contacts, Workflows (read only), TAGSENABLED',
        permissionsOff: 'websitesEnabled',
        phone: 8088688888,
      },
      {
        companyId: COMPANY_ID,
        firstName: 'John',
        lastName: 'Deo',
        email: 'john@deo.com',
        password: PASSWORD,
        phone: '8088688888',
        type: 'account',
        role: 'admin',
        platformLanguage: 'fr_CA',
        locationIds: [LOCATION_ID, OTHER_LOCATION],
        scopes: ['contacts.write', 'campaigns.readonly'],
        scopesAssignedToOnly: ['conversations.readonly'],
        permissions: {
          contactsEnabled: true,
          workflowsReadOnly: true,
          tagsEnabled: true,
          websitesEnabled: false,
        },
      },
    );
  });

  it('keeps the password exactly as typed, spaces included', async () => {
    await created(
      { ...required, password: ' Two words-12 ' },
      { companyId: COMPANY_ID, ...required, password: ' Two words-12 ' },
    );
  });

  it('has a sample shaped like a real mapped user, and output fields found in it', async () => {
    highlevel().post('/users/').reply(201, createdUser);
    const real = await appTester(perform, makeBundle(required, agencyAuth()));
    expectSampleFits(
      compiledApp.creates.create_user.operation.sample,
      compiledApp.creates.create_user.operation.outputFields,
      real,
    );
  });

  it('is described in Zapier words, naming no endpoint', () => {
    const { display } = App.creates.create_user;
    expect(display.label).toBe('Create User');
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });
});

describe('create_user: the password', () => {
  const withoutPassword: Record<string, unknown> = { ...required };
  delete withoutPassword.password;

  it('is an optional plain text field, so a Zap can map each new user its own', () => {
    const field = inputFields.find((item) => typeof item !== 'function' && item.key === 'password');
    expect(field).toMatchObject({
      key: 'password',
      label: 'Password',
      type: 'string',
      required: false,
    });
    expect(field).not.toMatchObject({ type: 'password' });
  });

  it('left empty, is generated (24 characters meeting the policy), sent, and never output', async () => {
    const sent: string[] = [];
    for (const round of [1, 2]) {
      highlevel()
        .post('/users/', (body) => {
          const { password, ...rest } = body as Record<string, unknown>;
          expect(rest).toEqual({ companyId: COMPANY_ID, ...withoutPassword });
          expect(meetsPasswordPolicy(password)).toBe(true);
          expect(String(password)).toHaveLength(24);
          sent.push(String(password));
          return true;
        })
        .reply(201, createdUser);
      const result = await appTester(
        perform,
        makeBundle(
          round === 1 ? withoutPassword : { ...withoutPassword, password: '   ' },
          agencyAuth(),
        ),
      );
      expect(result).not.toHaveProperty('password');
      expect(JSON.stringify(result)).not.toContain(sent[sent.length - 1]);
    }
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe(sent[1]);
  });

  it('refuses a weak password before any request, never quoting it', async () => {
    const error = await appTester(
      perform,
      makeBundle({ ...required, password: 'abc' }, agencyAuth()),
    ).catch((err: Error) => err);
    expect(error).toMatchObject({
      name: 'AppError',
      message: JSON.stringify({
        message:
          'Please fix this field: Password (password) must have at least 12 characters, an ' +
          'upper-case letter (A-Z), a digit (0-9) and a special character such as ! @ # $ ' +
          "(HighLevel's password policy).",
        code: 'invalid_input',
        status: 400,
      }),
    });
  });
});

describe('create_user: scopes and permissions', () => {
  /** Create User's fields as the editor shows them for this input, dynamic ones resolved. */
  const formFor = async (inputData: Record<string, unknown>) => {
    const fields: Array<Record<string, unknown>> = [];
    for (const item of inputFields) {
      if (typeof item === 'function') {
        fields.push(
          ...((await appTester(item as never, makeBundle(inputData, agencyAuth()))) as Array<
            Record<string, unknown>
          >),
        );
      } else fields.push(item as unknown as Record<string, unknown>);
    }
    return fields;
  };

  it('offers the scopes from the scope_choices dropdown', async () => {
    const fields = await formFor({ copyAccessFromUserId: TEMPLATE_ID });
    for (const key of ['scopes', 'scopesAssignedToOnly', 'addScopes', 'removeScopes']) {
      const field = fields.find((item) => item.key === key);
      expect({ key, field }).toEqual({
        key,
        field: expect.objectContaining({ dynamic: 'scope_choices.id.name', list: true }),
      });
    }
  });

  it('offers the scope edits only with Copy Access From, where they can work', async () => {
    const edits = [
      'addScopes',
      'removeScopes',
      'addScopesAssignedToOnly',
      'removeScopesAssignedToOnly',
    ];
    const keysOf = async (inputData: Record<string, unknown>) =>
      (await formFor(inputData)).map((field) => field.key);
    expect((await keysOf({})).filter((key) => edits.includes(String(key)))).toEqual([]);
    expect(
      (await keysOf({ copyAccessFromUserId: TEMPLATE_ID })).filter((key) =>
        edits.includes(String(key)),
      ),
    ).toEqual(edits);
  });

  it('marks only the fields others depend on as altering the form', async () => {
    const altering = (await formFor({}))
      .filter((field) => field.altersDynamicFields)
      .map((field) => field.key);
    expect(altering).toEqual(['copyAccessFromUserId', 'copySubAccounts']);
    const update = App.creates.update_user.operation.inputFields as Array<Record<string, unknown>>;
    expect(update.filter((field) => field.altersDynamicFields)).toEqual([]);
  });

  it('words its help for a new user: nothing to keep or leave as it is', async () => {
    for (const field of await formFor({ copyAccessFromUserId: TEMPLATE_ID })) {
      expect([field.key, field.helpText]).toEqual([
        field.key,
        expect.not.stringMatching(/leave it as it is|keep the current/i),
      ]);
    }
  });

  it('labels all 38 permission output fields', () => {
    const keys = (compiledApp.creates.create_user.operation.outputFields ?? []).flatMap((field) =>
      typeof field === 'function' ? [] : [field],
    );
    expect(PERMISSION_KEYS).toHaveLength(38);
    for (const key of PERMISSION_KEYS) {
      expect(keys).toContainEqual({
        key: `permissions__${key}`,
        label: `Permissions: ${PERMISSION_LABELS[key]}`,
        type: 'boolean',
      });
    }
    expect(keys).toContainEqual({
      key: 'permissions__contactsEnabled',
      label: 'Permissions: Contacts',
      type: 'boolean',
    });
  });
});

describe('create_user: Copy Access From', () => {
  const base = {
    firstName: 'John',
    lastName: 'Deo',
    email: 'john@deo.com',
    password: PASSWORD,
  };
  const template = () => highlevel().get(`/users/${TEMPLATE_ID}`);

  /** The template is read first, then the user is created with exactly this body. */
  const copied = async (
    inputData: Record<string, unknown>,
    body: Record<string, unknown>,
    answer: Record<string, unknown> = templateUser,
  ) => {
    const order: string[] = [];
    template().reply(200, () => {
      order.push('GET template');
      return answer;
    });
    highlevel()
      .post('/users/', (sent) => {
        expect(sent).toEqual(body);
        return true;
      })
      .reply(201, () => {
        order.push('POST');
        return createdUser;
      });
    const result = await appTester(perform, makeBundle(inputData, agencyAuth()));
    expect(order).toEqual(['GET template', 'POST']);
    return result;
  };

  it('copies every switch and both scope lists, not the type, role or sub-accounts', async () => {
    await copied(
      {
        ...base,
        type: 'account',
        role: 'admin',
        locationIds: [LOCATION_ID],
        copyAccessFromUserId: TEMPLATE_ID,
      },
      {
        companyId: COMPANY_ID,
        ...base,
        type: 'account',
        role: 'admin',
        locationIds: [LOCATION_ID],
        permissions: templateUser.permissions,
        scopes: templateUser.scopes,
        scopesAssignedToOnly: templateUser.scopesAssignedToOnly,
      },
    );
  });

  it('with Also Copy Sub-accounts copies type, role and sub-accounts too, which are then not required', async () => {
    await copied(
      { ...base, copyAccessFromUserId: TEMPLATE_ID, copySubAccounts: true },
      {
        companyId: COMPANY_ID,
        ...base,
        type: 'account',
        role: 'user',
        locationIds: [TEMPLATE_LOCATION, LOCATION_ID],
        permissions: templateUser.permissions,
        scopes: templateUser.scopes,
        scopesAssignedToOnly: templateUser.scopesAssignedToOnly,
      },
    );
  });

  it.each([
    [
      'an agency user',
      { ...templateUser, roles: { ...templateUser.roles, type: 'agency' } },
      'is an agency user',
    ],
    ['a user of other sub-accounts', templateUser, 'works in other sub-accounts'],
  ])(
    'on a Sub-account connection refuses copying the sub-accounts of %s, naming the field, creating nothing',
    async (_what, answer, words) => {
      template().reply(200, answer);
      // No POST scope: a create would fail with NetConnectNotAllowedError instead.
      await expect(
        appTester(
          perform,
          makeBundle(
            { ...base, copyAccessFromUserId: TEMPLATE_ID, copySubAccounts: true },
            subAccountAuth(),
          ),
        ),
      ).rejects.toMatchObject(
        fieldError(
          `Copy Access From (copyAccessFromUserId) ${words}, and a Sub-account connection can give ` +
            'access to its own sub-account only, so Also Copy Sub-accounts (copySubAccounts) cannot ' +
            'copy that.',
        ),
      );
    },
  );

  it('lets the fields filled in win: switch by switch, a whole Scopes list, edits on top', async () => {
    await copied(
      {
        ...base,
        role: 'admin',
        copyAccessFromUserId: TEMPLATE_ID,
        copySubAccounts: 'true',
        permissions: ['workflowsEnabled'],
        permissionsOff: ['Contacts'],
        scopes: ['opportunities.write'],
        addScopesAssignedToOnly: ['conversations.readonly'],
        removeScopesAssignedToOnly: ['conversations/message.readonly'],
      },
      {
        companyId: COMPANY_ID,
        ...base,
        type: 'account',
        role: 'admin',
        locationIds: [TEMPLATE_LOCATION, LOCATION_ID],
        permissions: {
          ...templateUser.permissions,
          workflowsEnabled: true,
          contactsEnabled: false,
        },
        scopes: ['opportunities.write'],
        scopesAssignedToOnly: ['conversations.readonly'],
      },
    );
  });

  it("applies Scopes to Turn On and Off to the template's scopes, in its order", async () => {
    await copied(
      {
        ...base,
        type: 'account',
        role: 'user',
        locationIds: [LOCATION_ID],
        copyAccessFromUserId: TEMPLATE_ID,
        addScopes: ['OPPORTUNITIES.WRITE', 'contacts.write'],
        removeScopes: ['conversations.readonly'],
      },
      {
        companyId: COMPANY_ID,
        ...base,
        type: 'account',
        role: 'user',
        locationIds: [LOCATION_ID],
        permissions: templateUser.permissions,
        scopes: ['contacts.write', 'calendars.readonly', 'opportunities.write'],
        scopesAssignedToOnly: templateUser.scopesAssignedToOnly,
      },
    );
  });

  it('sends the switches the template has, known or not, plus those named', async () => {
    await copied(
      {
        ...base,
        type: 'account',
        role: 'user',
        locationIds: [LOCATION_ID],
        copyAccessFromUserId: TEMPLATE_ID,
        permissionsOff: ['tagsEnabled'],
      },
      {
        companyId: COMPANY_ID,
        ...base,
        type: 'account',
        role: 'user',
        locationIds: [LOCATION_ID],
        permissions: { contactsEnabled: true, fooEnabled: true, tagsEnabled: false },
        scopes: ['contacts.write'],
        scopesAssignedToOnly: [],
      },
      {
        id: TEMPLATE_ID,
        permissions: { contactsEnabled: true, fooEnabled: true },
        scopes: ['contacts.write'],
        roles: { type: 'account', role: 'user', locationIds: [TEMPLATE_LOCATION] },
      },
    );
  });

  const copyOf = { ...required, copyAccessFromUserId: TEMPLATE_ID };

  it.each([
    ['a 404', 404, { statusCode: 404, message: 'User not found' }],
    [
      'a 401 "The user does not exist."',
      401,
      { statusCode: 401, message: 'The user does not exist.' },
    ],
  ])(
    'fails on a template that answers %s, naming Copy Access From, and creates nothing',
    async (_label, status, body) => {
      // No POST scope: a create would fail with "Expected HTTP calls" or NetConnectNotAllowedError.
      template().reply(status, body);
      await expect(appTester(perform, makeBundle(copyOf, agencyAuth()))).rejects.toMatchObject(
        fieldError(
          'Please fix this field: Copy Access From (copyAccessFromUserId): HighLevel has no user with ' +
            'this ID (it may have been deleted); nothing was changed.',
        ),
      );
    },
  );

  it('refuses a deleted template and creates nothing', async () => {
    template().reply(200, { ...templateUser, deleted: true });
    await expect(appTester(perform, makeBundle(copyOf, agencyAuth()))).rejects.toMatchObject(
      fieldError(
        'Please fix this field: Copy Access From (copyAccessFromUserId): that user has been ' +
          'deleted; pick an active user; nothing was changed.',
      ),
    );
  });

  it('refuses a template the connection cannot reach, naming Copy Access From', async () => {
    template().reply(403, {
      statusCode: 403,
      message: 'The token does not have access to this location.',
    });
    await expect(appTester(perform, makeBundle(copyOf, agencyAuth()))).rejects.toMatchObject(
      fieldError('Copy Access From (copyAccessFromUserId): this connection cannot read that user'),
    );
  });

  it('checks what the copy cannot supply before reading the template', async () => {
    // No GET scope: the bad email is refused before anything is read.
    await expect(
      appTester(perform, makeBundle({ ...copyOf, email: 'nope' }, agencyAuth())),
    ).rejects.toMatchObject(fieldError('Email (email) must be a valid email address'));
  });
});
