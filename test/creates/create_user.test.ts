import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { fieldError, highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { documentedUser, shape } from '../helpers/users';
import { createUserBody } from '../../lib/user-fields';

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

  it('requires Locations on an Agency connection, naming the field, before any request', async () => {
    await expect(
      appTester(perform, makeBundle({ ...required, locationIds: [] }, agencyAuth())),
    ).rejects.toMatchObject(fieldError('Locations (locationIds) is required'));
  });

  it('marks Locations required for an agency and optional for a sub-account in the editor', () => {
    const fieldFunction = inputFields.find((field) => typeof field === 'function');
    if (typeof fieldFunction !== 'function') throw new Error('expected a Locations field function');
    const forAgency = fieldFunction({} as never, makeBundle({}, agencyAuth()));
    const forSubAccount = fieldFunction({} as never, makeBundle({}, subAccountAuth()));
    expect(forAgency).toEqual([
      expect.objectContaining({
        key: 'locationIds',
        list: true,
        required: true,
        dynamic: 'location_choices.id.name',
      }),
    ]);
    expect(forSubAccount).toEqual([
      expect.objectContaining({ key: 'locationIds', required: false }),
    ]);
  });

  it('refuses a connection without a company before any request', async () => {
    const noCompany = agencyAuth();
    delete noCompany.companyId;
    await expect(appTester(perform, makeBundle(required, noCompany))).rejects.toMatchObject(
      fieldError('no companyId'),
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
        'an unknown scope',
        { scopes: ['contacts.write', 'everything.write'] },
        "Scopes (scopes.1) is not one of HighLevel's user scopes",
      ],
      [
        'an unknown language',
        { platformLanguage: 'klingon' },
        'Platform Language (platformLanguage) must be one of: en_US',
      ],
      [
        'an unknown permission',
        { permissions: ['contactsEnabled', 'teleportEnabled'] },
        'Permissions to Turn On (permissions) has unknown permission(s)',
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
      ['an empty password', { password: '' }, 'Password (password) is required'],
      ['a bad phone', { phone: 'call me' }, 'Phone (phone) must be a phone number'],
      ['a too short phone', { phone: '+1 555' }, 'Phone (phone) must have between 7 and 15 digits'],
      [
        'a bad photo URL',
        { profilePhoto: 'ftp://example.com/a.png' },
        'Profile Photo URL (profilePhoto) must be a full http(s) URL',
      ],
      [
        'a location ID with a slash',
        { locationIds: ['abc/def'] },
        'Locations (locationIds.0) must be a single HighLevel location ID',
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
        name: 'HaltedError',
        message: expect.stringContaining('Password [password hidden] is too weak'),
      });
      expect((error as Error).message).not.toContain(PASSWORD);
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

  it('reads mapped values: comma-separated lists, any case, labels for permissions', () => {
    expect(
      createUserBody(
        {
          ...required,
          type: 'Account',
          role: 'ADMIN',
          platformLanguage: 'FR_ca',
          locationIds: `${LOCATION_ID}, ${OTHER_LOCATION}`,
          scopes: 'Contacts.Write, campaigns.readonly',
          permissions: 'contacts, Workflows (read only), TAGSENABLED',
          permissionsOff: 'websitesEnabled',
          phone: 8088688888,
        },
        agencyAuth(),
      ),
    ).toEqual({
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
      permissions: {
        contactsEnabled: true,
        workflowsReadOnly: true,
        tagsEnabled: true,
        websitesEnabled: false,
      },
    });
  });

  it('keeps the password exactly as typed, spaces included', () => {
    expect(createUserBody({ ...required, password: ' two words ' }, agencyAuth()).password).toBe(
      ' two words ',
    );
  });

  it('has a sample shaped like a real mapped user, and output fields found in it', async () => {
    highlevel().post('/users/').reply(201, createdUser);
    const real = await appTester(perform, makeBundle(required, agencyAuth()));
    expect(shape(operation.sample as Record<string, unknown>)).toEqual(shape(real));
    for (const field of operation.outputFields ?? []) {
      if (typeof field === 'function') continue;
      let value: unknown = operation.sample;
      for (const part of field.key.replace('[]', '').split('__')) {
        value = (value as Record<string, unknown>)[part];
      }
      expect({ key: field.key, found: value !== undefined }).toEqual({
        key: field.key,
        found: true,
      });
    }
  });
});
