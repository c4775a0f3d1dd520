import { defineInputFields, defineSearch, type SearchPerform } from 'zapier-platform-core';
import { PAGE_SIZE } from '../lib/config';
import { locationIdField } from '../lib/fields';
import { appErrorDetails, callApi, type ApiCall } from '../lib/http';
import { compact, text } from '../lib/input';
import { schemas, type FilterByEmailBody } from '../lib/schemas';
import { companyIdOf, isSubAccount } from '../lib/connection';
import { mapUser, userOutputFields, userSample, type UserOutput } from '../lib/users';
import { checkInput, parseResponse } from '../lib/validate';

const inputFields = defineInputFields([
  {
    key: 'email',
    label: 'Email',
    type: 'string',
    required: false,
    helpText:
      'Finds the user with exactly this email address (upper or lower case does not matter). ' +
      'Fill in at least one of Email, Name or Phone, and Location.',
  },
  {
    key: 'query',
    label: 'Name or Phone',
    type: 'string',
    required: false,
    helpText:
      'Part of the name or phone number, like "Jane" or "808-868". An exact name, email or phone ' +
      'match comes first. With Email filled in too, only the user matching both is found.',
  },
  locationIdField({
    required: false,
    helpText:
      'Only users of this sub-account (location). On a Sub-account connection the search always ' +
      'stays in the connected sub-account.',
  }),
]);

const LABELS = { email: 'Email', query: 'Name or Phone', locationId: 'Location' };

const digits = (value: string): string => value.replace(/\D/g, '');

const fullName = (user: UserOutput): string => `${user.firstName} ${user.lastName}`.trim();

/** How HighLevel's `query` matches: part of the name, the email or the phone. */
const matchesQuery = (user: UserOutput, query: string): boolean => {
  const lower = query.toLowerCase();
  const queryDigits = digits(query);
  return (
    [user.name, fullName(user), user.email, user.phone].some((value) =>
      value.toLowerCase().includes(lower),
    ) ||
    (queryDigits.length >= 3 && digits(user.phone).includes(queryDigits))
  );
};

/** The same number, give or take a country code: "808 868 8888" is "+1 808-868-8888". */
const samePhone = (a: string, b: string): boolean => {
  const [shorter, longer] = [digits(a), digits(b)].sort((x, y) => x.length - y.length);
  return shorter.length >= 7 && longer.endsWith(shorter) && longer.length - shorter.length <= 3;
};

const isExactMatch = (user: UserOutput, query: string): boolean => {
  const lower = query.toLowerCase();
  return (
    [user.name, fullName(user), user.email].some((value) => value.toLowerCase() === lower) ||
    samePhone(user.phone, query)
  );
};

const findRules = () =>
  schemas()
    .searchUsersQuery.pick({ query: true, locationId: true })
    .extend({ email: schemas().email.optional() });

// Built on first use, then kept: pick() and extend() make new zod schemas (60 µs a search).
let rules: ReturnType<typeof findRules> | undefined;

const perform = (async (z, bundle) => {
  const criteria = compact({
    email: text(bundle.inputData.email),
    query: text(bundle.inputData.query),
    locationId: text(bundle.inputData.locationId),
  });
  if (Object.keys(criteria).length === 0) {
    throw new z.errors.Error(
      'Fill in at least one of Email (email), Name or Phone (query) and Location (locationId) to ' +
        'find a user: nothing was sent to HighLevel.',
      'invalid_input',
      400,
    );
  }
  rules ??= findRules();
  const { email, query, locationId } = checkInput(rules, criteria, LABELS);
  const { authData } = bundle;
  const companyId = companyIdOf(authData);
  const subAccount = isSubAccount(authData);

  // Exactly one request. Email on an agency: HighLevel's exact email filter (agency tokens only).
  // Anything else: Search Users, whose `query` matches part of a name, email or phone.
  const call: ApiCall =
    email !== undefined && !subAccount
      ? {
          method: 'POST',
          path: '/users/search/filter-by-email',
          body: { companyId, emails: email, projection: 'all' } satisfies FilterByEmailBody,
        }
      : {
          path: '/users/search',
          params: {
            companyId,
            query: email ?? query,
            locationId: locationId ?? (subAccount ? authData.locationId : undefined),
            limit: String(PAGE_SIZE),
          },
        };

  let data: unknown;
  try {
    data = await callApi(z, call);
  } catch (err) {
    // A 404 from HighLevel in a search means nothing matched.
    if (appErrorDetails(err).status === 404) return [];
    throw err;
  }
  const users = parseResponse(schemas().userList, data, 'the user search').users.map(mapUser);

  if (email !== undefined) {
    // With an email, every other field narrows the exact match down.
    const lower = email.toLowerCase();
    return users.filter(
      (user) =>
        user.email.toLowerCase() === lower &&
        (query === undefined || matchesQuery(user, query)) &&
        (locationId === undefined || subAccount || user.locationIds.includes(locationId)),
    );
  }
  if (query === undefined) return users;
  // Best match first: exact name, email or phone matches, then the rest in HighLevel's order.
  return [
    ...users.filter((user) => isExactMatch(user, query)),
    ...users.filter((user) => !isExactMatch(user, query)),
  ];
}) satisfies SearchPerform<typeof inputFields, UserOutput>;

const sample: UserOutput = userSample;

export default defineSearch({
  key: 'find_user',
  noun: 'User',
  display: {
    label: 'Find User',
    description: 'Finds a user by exact email address, by name or phone, or by sub-account.',
  },
  operation: {
    inputFields,
    perform,
    sample,
    outputFields: userOutputFields,
  },
});
