import {
  defineInputFields,
  defineSearch,
  type Bundle,
  type SearchPerform,
  type ZObject,
} from 'zapier-platform-core';
import { callApi, type ApiCall } from '../lib/highlevel/client';
import { PAGE_SIZE } from '../lib/highlevel/config';
import { companyIdOf, isSubAccount } from '../lib/highlevel/connection';
import { errorFacts } from '../lib/highlevel/errors';
import { parseUsers, type UserOutput, USER_RESOURCE } from '../lib/highlevel/user';
import { checkInput, inputError, labelsOf, named, yesNoProblem } from '../lib/safety/checks';
import { compact, flag, text } from '../lib/safety/values';
import { once, zod } from '../lib/zod';
import { locationIdField } from '../lib/users/fields';
import { searchLocation } from '../lib/users/search';
import * as rules from '../lib/users/rules';

const INCLUDE_DELETED_HELP =
  'Yes: when no active user has this Email, find a deleted one (its Deleted field is true), so ' +
  'an off-boarding Zap can check that a user was removed. Works with Email only: HighLevel never ' +
  'returns deleted users to a name or phone search. Keep No with "Find or Create": with Yes, a ' +
  'deleted user counts as found and no new user is created.';

// Offered on Agency connections only: HighLevel returns deleted users to agency tokens alone.
const includeDeletedField = (_z: ZObject, bundle: Bundle) =>
  isSubAccount(bundle.authData)
    ? []
    : [
        {
          key: 'includeDeleted',
          label: 'Include Deleted Users',
          type: 'boolean' as const,
          required: false,
          default: 'false',
          helpText: INCLUDE_DELETED_HELP,
        },
      ];

const inputFields = defineInputFields([
  {
    key: 'email',
    label: 'Email',
    type: 'string',
    required: false,
    helpText:
      'Fill in Email, or Name or Phone: the person to find. When both are empty (say, the step ' +
      'that should give the email gave none) this step fails and searches nothing, so no later step ' +
      'acts on the wrong person. The whole address must match; upper or lower case does not matter.',
  },
  {
    key: 'query',
    label: 'Name or Phone',
    type: 'string',
    required: false,
    helpText:
      'The whole name (like "Jane Doe"; case and extra spaces do not matter) or the phone number ' +
      '(any format; "+1 415-555-0132" is "415 555 0132"). With "Allow Partial Matches", part of a ' +
      'name, email or phone is enough.',
  },
  locationIdField({
    required: false,
    helpText:
      'Only users of this sub-account. It narrows a search by Email or by Name or Phone and finds ' +
      'no one on its own. On a Sub-account connection, leave it empty or pick the connected sub-account.',
  }),
  {
    key: 'partialMatch',
    label: 'Allow Partial Matches',
    type: 'boolean',
    required: false,
    default: 'false',
    helpText:
      'No (default): only a user whose whole name, email or phone matches. Yes: also users whose ' +
      'name, email or phone contains Name or Phone (exact matches first). Keep No with "Find or ' +
      'Create": "Jane" must not find "Janet Smith".',
  },
  includeDeletedField,
]);

// Include Deleted Users is made per connection, so its label is added by hand.
const LABELS = { ...labelsOf(inputFields), includeDeleted: 'Include Deleted Users' };

const digits = (value: string): string => value.replace(/\D/g, '');

/** Case and runs of spaces do not count: "  jane   DOE " is "jane doe". */
const normalName = (value: string): string => value.trim().replace(/\s+/g, ' ').toLowerCase();

const fullName = (user: UserOutput): string => `${user.firstName} ${user.lastName}`;

/** Part of the name, the email or the phone (Allow Partial Matches). */
const matchesPart = (user: UserOutput, query: string): boolean => {
  const lower = normalName(query);
  const queryDigits = digits(query);
  return (
    [user.name, fullName(user), user.email, user.phone].some((value) =>
      normalName(value).includes(lower),
    ) ||
    (queryDigits.length >= 3 && digits(user.phone).includes(queryDigits))
  );
};

/** The same number, give or take a country code: "415 555 0132" is "+1 415-555-0132". */
const samePhone = (a: string, b: string): boolean => {
  const [shorter, longer] = [digits(a), digits(b)].sort((x, y) => x.length - y.length);
  return shorter.length >= 7 && longer.endsWith(shorter) && longer.length - shorter.length <= 3;
};

/** The whole name, the whole email or the same phone number. */
const matchesWhole = (user: UserOutput, query: string): boolean => {
  const wanted = normalName(query);
  return (
    [user.name, fullName(user), user.email].some((value) => normalName(value) === wanted) ||
    samePhone(user.phone, query)
  );
};

const criteriaRules = once(() =>
  zod().strictObject({
    email: rules.email().optional(),
    query: rules.searchText().optional(),
    locationId: rules.id('sub-account ID').optional(),
  }),
);

const searchCall = (companyId: string, query: string, locationId: string | undefined): ApiCall => ({
  path: '/users/search',
  params: {
    companyId,
    query,
    locationId,
    // Newest first: the newest match wins.
    sort: 'dateAdded',
    sortDirection: 'desc',
    limit: String(PAGE_SIZE),
  },
});

const emailCall = (companyId: string, email: string, deleted: boolean): ApiCall => ({
  method: 'POST',
  path: '/users/search/filter-by-email',
  body: {
    companyId,
    emails: email,
    projection: 'all',
    ...(deleted ? { deleted: true } : {}),
  },
});

/** One call's users; a 404 from HighLevel in a search means nothing matched. */
const usersOf = async (z: ZObject, call: ApiCall): Promise<UserOutput[]> => {
  let data: unknown;
  try {
    data = await callApi(z, call);
  } catch (err) {
    if (errorFacts(err).status === 404) return [];
    throw err;
  }
  return parseUsers(z, data, 'the user search');
};

const perform = (async (z, bundle) => {
  const criteria = compact({
    email: text(bundle.inputData.email),
    query: text(bundle.inputData.query),
    locationId: text(bundle.inputData.locationId),
  });
  // Never the wrong person: a Sub-account alone would "find" its newest user.
  if (criteria.email === undefined && criteria.query === undefined) {
    throw inputError([
      `Fill in ${named('email', LABELS)} or ${named('query', LABELS)}: they say who to find` +
        (criteria.locationId === undefined
          ? ''
          : `, and ${named('locationId', LABELS)} only narrows the search`) +
        '. Nothing was searched, so no user was found or created',
    ]);
  }
  // A mapped value that is neither Yes nor No is refused, not read as No.
  const switches = {
    partialMatch: flag(bundle.inputData.partialMatch),
    includeDeleted: flag(bundle.inputData.includeDeleted),
  };
  const notYesNo = Object.entries(switches)
    .map(([key, value]) => yesNoProblem(value, key, LABELS))
    .filter((problem) => problem !== undefined);
  if (notYesNo.length) throw inputError(notYesNo);
  const partialMatch = switches.partialMatch === true;
  const includeDeleted = switches.includeDeleted === true;
  const { email, query, locationId } = checkInput(criteriaRules(), criteria, LABELS);
  const { authData } = bundle;
  const companyId = companyIdOf(authData);
  const subAccount = isSubAccount(authData);
  if (includeDeleted && (subAccount || email === undefined)) {
    throw inputError([
      `${named('includeDeleted', LABELS)} works only ` +
        (subAccount
          ? 'on an Agency connection: HighLevel returns deleted users to agencies alone'
          : `with ${named('email', LABELS)}: HighLevel never returns deleted users to a name or phone search`) +
        '. Set it to No, or ' +
        (subAccount ? 'connect at Agency level' : 'search by Email') +
        '. Nothing was searched',
    ]);
  }
  const where = searchLocation(authData, locationId, LABELS);
  const inLocation = (user: UserOutput): boolean =>
    locationId === undefined || subAccount || user.locationIds.includes(locationId);

  if (email !== undefined) {
    const lower = email.toLowerCase();
    const matching = (users: UserOutput[]) =>
      users.filter(
        (user) =>
          user.email.toLowerCase() === lower &&
          (query === undefined || (partialMatch ? matchesPart : matchesWhole)(user, query)) &&
          inLocation(user),
      );
    // Agency: HighLevel's exact email filter (agency tokens only). Sub-account: Search Users.
    if (subAccount) {
      return matching(await usersOf(z, searchCall(companyId, email, where)));
    }
    const active = matching(await usersOf(z, emailCall(companyId, email, false)));
    if (active.length || !includeDeleted) return active;
    return matching(await usersOf(z, emailCall(companyId, email, true)));
  }

  // No Email: Name or Phone is filled in (checked above).
  const wanted = query as string;
  const users = await usersOf(z, searchCall(companyId, wanted, where));
  if (!partialMatch) return users.filter((user) => matchesWhole(user, wanted));
  // Best match first: whole-name, email or phone matches, then the rest in HighLevel's order.
  return [
    ...users.filter((user) => matchesWhole(user, wanted)),
    ...users.filter((user) => !matchesWhole(user, wanted) && matchesPart(user, wanted)),
  ];
}) satisfies SearchPerform<typeof inputFields, UserOutput>;

export default defineSearch({
  key: 'find_user',
  noun: 'User',
  display: {
    label: 'Find User',
    description:
      'Finds a HighLevel user by exact email, or by whole name or phone number, optionally within one sub-account.',
  },
  operation: {
    inputFields,
    perform,
    // Sample and output fields come from the User resource (index.ts), shared by every user step.
    resource: USER_RESOURCE,
  },
});
