// fast-check arbitraries for what a Zap step can hand an operation: for each input field, values a
// careful user would type mixed with everything else a mapped field can carry (random and
// unicode text, very long text, numbers, booleans, lists, objects, null, malformed emails and
// phones, unknown choices, IDs that would change a URL path).
import fc from 'fast-check';
import type { PlainInputField } from 'zapier-platform-core';
import {
  PERMISSION_KEYS,
  PERMISSION_LABELS,
  PLATFORM_LANGUAGES,
} from '../../lib/highlevel/catalog';
import { USER_SCOPES } from '../../lib/highlevel/scopes';

export type Input = Record<string, unknown>;

const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

/** A HighLevel ID: 20 letters and digits. */
export const hlId = fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 20, maxLength: 20 });

const word = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 10 });

const personName = fc.oneof(
  word.map((w) => w[0]?.toUpperCase() + w.slice(1)),
  fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
  fc.constantFrom('José', 'Zoë', '李', "O'Brien", '  Ann  ', 'Anne-Marie', 'Ørjan'),
);

const email = fc.oneof(
  fc.tuple(word, word).map(([a, b]) => `${a}@${b}.com`),
  fc.tuple(word, word).map(([a, b]) => ` ${a.toUpperCase()}.x@${b}.example.org `),
);

const phone = fc
  .tuple(
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 100, max: 999 }),
    fc.integer({ min: 100, max: 999 }),
    fc.integer({ min: 1000, max: 9999 }),
  )
  .chain(([c, a, b, d]) =>
    fc.constantFrom(`+${c} ${a}-${b}-${d}`, `(${a}) ${b}.${d}`, `+${c}${a}${b}${d}`),
  );

/** A comma-separated string (a mapped value) or a list (typed line by line), of 1 to 4 items. */
const listOf = (item: fc.Arbitrary<string>, max = 4): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.array(item, { minLength: 1, maxLength: max }),
    fc.array(item, { minLength: 1, maxLength: max }).map((items) => items.join(', ')),
  );

// HighLevel's lists grow: a switch or scope the catalog does not know yet, shaped like
// HighLevel's, is sent as it is (tracker #209 shows a live switch the documents lack).
const permissionName = fc.oneof(
  fc.constantFrom(...PERMISSION_KEYS),
  fc.constantFrom(...PERMISSION_KEYS.map((key) => PERMISSION_LABELS[key])),
  fc.constantFrom('opportunitiesBulkActionsEnabled', 'aiAgentsEnabled', 'aA'),
);
const scopeCode = fc.oneof(
  { arbitrary: fc.constantFrom(...USER_SCOPES), weight: 4 },
  fc.constantFrom('ai-agents.readonly', 'voice-ai/agents.write', 'a.b'),
);

/** Values a careful user would enter, by field key. */
const VALID: Record<string, fc.Arbitrary<unknown>> = {
  userId: hlId,
  locationId: hlId,
  firstName: personName,
  lastName: personName,
  email,
  // HighLevel's policy: 12+ characters, upper, lower, digit, special (lib/safety/password.ts).
  password: fc.oneof(
    fc
      .tuple(
        fc.string({ minLength: 8, maxLength: 32 }),
        fc.constantFrom('A', 'Z'),
        fc.constantFrom('!', '#', '-'),
      )
      .map(([middle, upper, special]) => `${upper}a7${special}${middle}`),
    fc.constantFrom(' Leading and trailing spaces 1! ', 'Pässwörd-✓-2026', 'a"b\\c-Long-Pass1'),
  ),
  phone,
  platformLanguage: fc.constantFrom(...PLATFORM_LANGUAGES, 'EN_us'),
  profilePhoto: word.map((w) => `https://example.com/photos/${w}.png`),
  locationIds: listOf(hlId),
  addLocationIds: listOf(hlId),
  removeLocationIds: listOf(hlId),
  copyAccessFromUserId: hlId,
  copySubAccounts: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes', 'no')),
  addScopes: listOf(scopeCode),
  removeScopes: listOf(scopeCode),
  addScopesAssignedToOnly: listOf(scopeCode),
  removeScopesAssignedToOnly: listOf(scopeCode),
  scopes: listOf(scopeCode),
  scopesAssignedToOnly: listOf(scopeCode),
  permissions: listOf(permissionName),
  permissionsOff: listOf(permissionName),
  emails: listOf(email),
  deleted: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes', 'no')),
  query: fc.oneof(word, email, phone, fc.string({ maxLength: 30 })),
};

export const MALFORMED_EMAILS = [
  'jane',
  'jane@',
  '@example.com',
  'jane@example',
  'jane doe@example.com',
  'jane@@example.com',
  'jane@example..com',
  'jane@exa mple.com',
  '<jane@example.com>',
  'jane@example.com, bob',
];

export const MALFORMED_PHONES = [
  'abc',
  '+',
  '12',
  '123456',
  '1234567890123456',
  '+1 808-868-8888 ext. 12',
  '++1 808',
  '808/868/8888',
  '☎ 808 868 8888',
];

export const UNKNOWN_CHOICES = ['superadmin', 'Agency user', 'AGENCYY', 'en-us', 'klingon', 'all'];

/** IDs that would change the meaning of a URL path if they were not refused or encoded. */
export const NASTY_IDS = [
  'abc/def',
  '../users',
  '..',
  'a?b=c',
  'a#b',
  ' a b ',
  '%2e%2e',
  'abc\\def',
  '\t',
  'users/',
  '/',
  '?',
  '#',
  'x'.repeat(129),
];

/** Everything else a mapped field can carry. */
export const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 256, maxLength: 5000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '\t\n', ','),
  fc.constant([]),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)), {
    maxLength: 4,
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(...MALFORMED_EMAILS),
  fc.constantFrom(...MALFORMED_PHONES),
  fc.constantFrom(...UNKNOWN_CHOICES),
  fc.constantFrom(...NASTY_IDS),
  fc
    .tuple(hlId, fc.constantFrom('/', '?', '#', '/../', ' ', '%2F', '\\'), word)
    .map(([id, glue, tail]) => `${id}${glue}${tail}`),
);

const choiceValues = (field: PlainInputField): string[] => {
  const { choices } = field;
  if (!choices) return [];
  if (Array.isArray(choices)) {
    return choices.map((choice) => (typeof choice === 'string' ? choice : choice.value));
  }
  return Object.keys(choices);
};

/** A value a careful user would enter in this field. */
export const validValue = (field: PlainInputField): fc.Arbitrary<unknown> => {
  const known = VALID[field.key];
  const choices = choiceValues(field);
  if (choices.length && !field.list) {
    // A choice as picked, or typed/mapped in another case.
    return fc.oneof(
      fc.constantFrom(...choices),
      fc.constantFrom(...choices).map((c) => c.toUpperCase()),
    );
  }
  if (known) return known;
  if (field.type === 'boolean') return VALID.deleted as fc.Arbitrary<unknown>;
  return fc.string({ maxLength: 30 });
};

/** Any value at all, the field's valid ones included. */
export const anyValue = (field: PlainInputField): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: validValue(field), weight: 2 }, { arbitrary: anything, weight: 3 });

/** What an untouched or cleared field looks like in inputData. */
const BLANKS: unknown[] = [undefined, null, '', '  ', ',', [], [''], [' ', null]];

const withoutUndefined = (input: Record<string, unknown>): Input =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));

/**
 * inputData for a step with these fields: careful values, careful but for one field, anything in
 * every field, or careful but every optional field blank; fields may be left out. `extra` adds keys the form does not have
 * (what an old Zap may still carry, or a mapped value trying to override the connection).
 */
export const inputFor = (
  fields: PlainInputField[],
  extra: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<Input> => {
  const careful = fc
    .record(
      Object.fromEntries(
        fields.map((field) => [
          field.key,
          field.required
            ? validValue(field)
            : fc.option(validValue(field), { nil: undefined, freq: 2 }),
        ]),
      ),
    )
    .map(withoutUndefined);
  const wild = fc
    .record(
      Object.fromEntries([
        ...fields.map((field) => [field.key, fc.option(anyValue(field), { nil: undefined })]),
        ...Object.entries(extra).map(([key, arb]) => [
          key,
          fc.option(arb, { nil: undefined, freq: 3 }),
        ]),
      ]),
    )
    .map(withoutUndefined);
  if (fields.length === 0) return wild;
  const oneBad = fc
    .tuple(careful, fc.constantFrom(...fields), fc.option(anything, { nil: undefined, freq: 5 }))
    .map(([input, field, value]) => withoutUndefined({ ...input, [field.key]: value }));
  // Every optional field left blank in one of the ways the editor or a mapping leaves it.
  const optional = fields.filter((field) => !field.required);
  const blanks = fc
    .tuple(
      careful,
      fc.record(
        Object.fromEntries(optional.map((field) => [field.key, fc.constantFrom(...BLANKS)])),
      ),
    )
    .map(([input, blank]) => withoutUndefined({ ...input, ...blank }));
  return fc.oneof(
    { arbitrary: careful, weight: 3 },
    { arbitrary: oneBad, weight: 3 },
    { arbitrary: wild, weight: 3 },
    { arbitrary: blanks, weight: 1 },
  );
};
