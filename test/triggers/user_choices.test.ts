import zapier from 'zapier-platform-core';
import App from '../../index';
import { highlevel } from '../helpers/api';
import { agencyAuth, COMPANY_ID, LOCATION_ID, makeBundle, subAccountAuth } from '../helpers/bundle';
import { highlevelErrors, itTurnsHighLevelErrors } from '../helpers/highlevel-errors';
import {
  documentedSearchUser as documentedUser,
  mappedSearchUser,
  ENDPOINT_WORDS,
  expectSampleFits,
} from '../helpers/users';

const appTester = zapier.createAppTester(App);
const trigger = App.triggers.user_choices;
const { operation } = trigger;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('user_choices must be a polling trigger with a perform function');
}
const perform = operation.perform;

// Alphabetical is HighLevel's default order, so no sort is sent.
const pageQuery = (skip: string) => ({ companyId: COMPANY_ID, limit: '100', skip });

describe('user_choices (User dropdown)', () => {
  it('asks the first page of 100 and labels each user "Name (email)"', async () => {
    highlevel()
      .get('/users/search')
      .query(pageQuery('0'))
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, agencyAuth(), { page: 0 }));
    expect(result).toEqual([{ ...mappedSearchUser, name: 'John Deo (john@deo.com)' }]);
  });

  it.each([
    [1, '100'],
    [2, '200'],
  ])('asks page %i with skip %s, in one request', async (page, skip) => {
    highlevel()
      .get('/users/search')
      .query(pageQuery(skip))
      .reply(200, { users: [documentedUser], count: 301 });
    const result = await appTester(perform, makeBundle({}, agencyAuth(), { page }));
    expect(result.map((user) => user.id)).toEqual([documentedUser.id]);
  });

  it('returns [] past the last page', async () => {
    highlevel().get('/users/search').query(pageQuery('300')).reply(200, { users: [], count: 250 });
    await expect(appTester(perform, makeBundle({}, agencyAuth(), { page: 3 }))).resolves.toEqual(
      [],
    );
  });

  it('labels users without a name or an email as well as it can', async () => {
    highlevel()
      .get('/users/search')
      .query(pageQuery('0'))
      .reply(200, {
        users: [
          { id: 'noNameUser0000000001', email: 'ops@agency.com' },
          { id: 'firstLastOnly0000001', firstName: 'Ann', lastName: 'Lee', email: 'ann@a.com' },
          { id: 'noEmailUser000000001', name: 'Bo Park' },
          { id: 'bareUser000000000001' },
        ],
      });
    const result = await appTester(perform, makeBundle({}, agencyAuth()));
    expect(result.map((user) => [user.id, (user as { name?: unknown }).name])).toEqual([
      ['noNameUser0000000001', 'ops@agency.com'],
      ['firstLastOnly0000001', 'Ann Lee (ann@a.com)'],
      ['noEmailUser000000001', 'Bo Park'],
      ['bareUser000000000001', 'bareUser000000000001'],
    ]);
  });

  it('on a sub-account connection lists the users of the connected location', async () => {
    highlevel()
      .get('/users/search')
      .query({ ...pageQuery('0'), locationId: LOCATION_ID })
      .reply(200, { users: [documentedUser], count: 1 });
    const result = await appTester(perform, makeBundle({}, subAccountAuth()));
    expect(result).toHaveLength(1);
  });

  itTurnsHighLevelErrors(
    highlevelErrors({ scope: 'users.readonly', invalid: ['skip must be a number string'] }),
    () => highlevel().get('/users/search').query(pageQuery('0')),
    () => appTester(perform, makeBundle({}, agencyAuth())),
  );

  it('has a sample shaped like its output', async () => {
    highlevel()
      .get('/users/search')
      .query(pageQuery('0'))
      .reply(200, { users: [documentedUser], count: 1 });
    const [mapped] = await appTester(perform, makeBundle({}, agencyAuth()));
    expectSampleFits(operation.sample, operation.outputFields, mapped ?? {});
    expect(mapped).toMatchObject({ name: 'John Deo (john@deo.com)' });
    expect(operation.sample).toMatchObject({
      name: 'Maria Lopez (maria.lopez@brightsmiledental.com)',
    });
  });

  it('is a hidden, paginated dropdown source', () => {
    expect(trigger.display.hidden).toBe(true);
    expect(operation.canPaginate).toBe(true);
    expect(trigger.display.description).toMatch(/^Triggers when /);
    expect(trigger.display.description).not.toMatch(ENDPOINT_WORDS);
  });
});
