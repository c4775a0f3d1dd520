import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { fieldError, highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import { updateUserBody } from '../../lib/user-fields';

const appTester = zapier.createAppTester(App);
const { operation } = App.creates.update_user;
if (typeof operation.perform !== 'function' || !operation.inputFields) {
  throw new Error('update_user must have a perform function and input fields');
}
const { perform, inputFields } = operation;

const USER_ID = '0IHuJvc2ofPAAA8GzTRi';
const PASSWORD = 'N3w-Pa55word!';

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

  it('sends every field the user filled in', async () => {
    expectPut({
      companyId: COMPANY_ID,
      firstName: 'Jane',
      lastName: 'Doe',
      password: PASSWORD,
      phone: '+1 555-010-9999',
      type: 'account',
      role: 'admin',
      locationIds: [LOCATION_ID],
      permissions: { contactsEnabled: true, settingsEnabled: false },
      scopes: ['contacts.write'],
      scopesAssignedToOnly: ['conversations.readonly'],
      profilePhoto: 'https://example.com/jane.png',
      platformLanguage: 'de',
    }).reply(200, updatedUser);
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
  });

  it('turns off only the permission named', async () => {
    expectPut({ permissions: { websitesEnabled: false } }).reply(200, updatedUser);
    await appTester(
      perform,
      makeBundle({ userId: USER_ID, permissionsOff: ['Websites'] }, subAccountAuth()),
    );
  });

  it('encodes the user ID into the path', async () => {
    expectPut({ firstName: 'Jane' }, '/users/user%2B1').reply(200, updatedUser);
    await appTester(perform, makeBundle({ userId: 'user+1', firstName: 'Jane' }, subAccountAuth()));
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
        'an unknown scope',
        { scopes: ['root.write'] },
        "Scopes (scopes.0) is not one of HighLevel's user scopes",
      ],
      [
        'an unknown permission',
        { permissions: ['Flying'] },
        'Permissions to Turn On (permissions) has unknown permission(s)',
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

    it('400 halts with HighLevel’s words, without the password', async () => {
      highlevel()
        .put(`/users/${USER_ID}`)
        .reply(400, { statusCode: 400, message: `Weak password ${PASSWORD}` });
      const error = await run().catch((err: Error) => err);
      expect(error).toMatchObject({
        name: 'HaltedError',
        message: expect.stringContaining('Weak password [password hidden]'),
      });
      expect((error as Error).message).not.toContain(PASSWORD);
    });
  });

  it('builds the body from mapped text values as well', () => {
    expect(
      updateUserBody(
        {
          userId: USER_ID,
          locationIds: `${LOCATION_ID},`,
          scopes: 'contacts.write',
          permissions: 'contactsEnabled',
          role: 'User',
        },
        agencyAuth(),
      ),
    ).toEqual({
      companyId: COMPANY_ID,
      locationIds: [LOCATION_ID],
      scopes: ['contacts.write'],
      permissions: { contactsEnabled: true },
      role: 'user',
    });
  });
});
