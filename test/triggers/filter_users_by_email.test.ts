import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import App from '../../index';
import { compiledApp } from '../helpers/definition';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import {
  documentedUser as getUserAnswer,
  mappedUser,
  ENDPOINT_WORDS,
  expectSampleFits,
} from '../helpers/users';

const appTester = zapier.createAppTester(App);
const { operation } = App.triggers.filter_users_by_email;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('filter_users_by_email must be a polling trigger with a perform function');
}
const perform = operation.perform;
// Zapier hands mapped values over as text whatever the field's type ("yes" for a boolean, one
// comma-separated line for a list); the perform's inferred bundle type cannot express that.
const loosePerform = perform as (z: ZObject, bundle: Bundle) => ReturnType<typeof perform>;

const PATH = '/users/search/filter-by-email';

// With projection "all" HighLevel adds the scopes assigned to the user only.
const documentedUser = { ...getUserAnswer, scopesAssignedToOnly: ['contacts.write'] };

/** Expects exactly this JSON body, and replies with these users. */
const expectFilter = (body: Record<string, unknown>, users: unknown[] = [documentedUser]) =>
  highlevel()
    .post(PATH, (sent) => {
      expect(sent).toEqual(body);
      return true;
    })
    .matchHeader('content-type', /application\/json/)
    .reply(200, { users, count: users.length });

const baseBody = { companyId: COMPANY_ID, projection: 'all', limit: '100', skip: '0' };

describe('filter_users_by_email (New User With Email)', () => {
  it('posts the emails as ONE comma-separated string with projection "all"', async () => {
    expectFilter({ ...baseBody, emails: 'john@deo.com,ann@agency.com' });
    const result = await appTester(
      perform,
      makeBundle({ emails: ['john@deo.com', 'ann@agency.com'] }, agencyAuth()),
    );
    expect(result).toEqual([{ ...mappedUser, scopesAssignedToOnly: ['contacts.write'] }]);
  });

  it('passes on only the addresses asked for, whatever else the answer holds', async () => {
    const stranger = {
      ...documentedUser,
      id: 'strangerUser00000001',
      email: 'stranger@agency.com',
    };
    const shouting = { ...documentedUser, id: 'shoutingUser00000001', email: 'JOHN@DEO.COM' };
    expectFilter({ ...baseBody, emails: 'john@deo.com' }, [documentedUser, stranger, shouting]);
    const result = (await appTester(
      perform,
      makeBundle({ emails: ['john@deo.com'] }, agencyAuth()),
    )) as Array<{ id: string }>;
    expect(result.map((user) => user.id)).toEqual([documentedUser.id, 'shoutingUser00000001']);
  });

  it('accepts one mapped comma-separated value, lower-cased and without duplicates', async () => {
    expectFilter({ ...baseBody, emails: 'john@deo.com,ann@agency.com' });
    const result = await appTester(
      loosePerform,
      makeBundle({ emails: ' John@Deo.com, ann@agency.com ,,JOHN@deo.com ' }, agencyAuth()),
    );
    expect(result).toHaveLength(1);
  });

  it('splits a comma-separated value mapped into one line of the list', async () => {
    expectFilter({ ...baseBody, emails: 'john@deo.com,ann@agency.com,bo@agency.com' });
    await appTester(
      perform,
      makeBundle({ emails: ['john@deo.com, Ann@agency.com', 'bo@agency.com'] }, agencyAuth()),
    );
  });

  it.each([
    [true, true],
    ['yes', true],
    ['false', false],
  ])('sends Deleted Users %j as deleted: %j', async (deleted, sent) => {
    expectFilter({ ...baseBody, emails: 'john@deo.com', deleted: sent });
    await appTester(loosePerform, makeBundle({ emails: ['john@deo.com'], deleted }, agencyAuth()));
  });

  it('returns [] when no user has those emails', async () => {
    expectFilter({ ...baseBody, emails: 'nobody@example.com' }, []);
    await expect(
      appTester(perform, makeBundle({ emails: ['nobody@example.com'] }, agencyAuth())),
    ).resolves.toEqual([]);
  });

  it('keeps the order HighLevel returns (the endpoint takes no sort)', async () => {
    const ann = { ...documentedUser, id: 'annUser0000000000001', email: 'ann@agency.com' };
    expectFilter({ ...baseBody, emails: 'john@deo.com,ann@agency.com' }, [ann, documentedUser]);
    const result = await appTester(
      perform,
      makeBundle({ emails: ['john@deo.com', 'ann@agency.com'] }, agencyAuth()),
    );
    expect(result.map((user) => user.id)).toEqual([ann.id, documentedUser.id]);
  });

  it('on a sub-account connection fails before any request and suggests New User', async () => {
    const error = appTester(perform, makeBundle({ emails: ['john@deo.com'] }, subAccountAuth()));
    await expect(error).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining('needs an Agency connection'),
    });
    await expect(error).rejects.toMatchObject({
      message: expect.stringContaining('New User trigger with the email as its Search Query'),
    });
  });

  it.each([
    [
      'a malformed email',
      { emails: ['john@deo.com', 'not-an-email'] },
      'Emails (emails) must hold valid email addresses, like jane@example.com; these are not: \\"not-an-email\\"',
    ],
    ['no email', { emails: [] }, 'Emails (emails) is required'],
    ['only blanks', { emails: ' , ' }, 'Emails (emails) is required'],
    [
      'more than 100 emails',
      { emails: Array.from({ length: 101 }, (_v, i) => `user${i}@example.com`) },
      'Emails (emails) holds 101 addresses; one trigger can watch at most 100',
    ],
    [
      'a Deleted Users value that is not yes or no',
      { emails: ['john@deo.com'], deleted: 'maybe' },
      'Deleted Users (deleted)',
    ],
  ])('refuses %s before any request, naming the field', async (_what, inputData, message) => {
    // No nock scope: a request would fail with NetConnectNotAllowedError, not this error.
    await expect(
      appTester(loosePerform, makeBundle(inputData, agencyAuth())),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(message),
    });
  });

  itTurnsHighLevelErrors(
    highlevelErrors({
      scope: 'users.readonly',
      forbidden: 'Forbidden resource',
      invalid: ['emails should not be empty', 'emails must be a string'],
    }),
    () => highlevel().post(PATH),
    () => appTester(perform, makeBundle({ emails: ['john@deo.com'] }, agencyAuth())),
  );

  it('has a sample shaped like a mapped HighLevel user', async () => {
    expectFilter({ ...baseBody, emails: 'john@deo.com' });
    const [mapped] = await appTester(
      perform,
      makeBundle({ emails: ['john@deo.com'] }, agencyAuth()),
    );
    expectSampleFits(
      compiledApp.triggers.filter_users_by_email.operation.sample,
      compiledApp.triggers.filter_users_by_email.operation.outputFields,
      mapped ?? {},
    );
  });

  it('is described in Zapier words, naming no endpoint', () => {
    const { display } = App.triggers.filter_users_by_email;
    expect(display.label).toBe('New User With Email');
    expect(display.description).toMatch(
      /^Triggers when a HighLevel user with one of the email addresses/,
    );
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });
});
