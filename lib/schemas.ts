// HighLevel's data shapes, written once as zod schemas from the official OpenAPI document; the
// TypeScript types are inferred from them and input checks use the same rules.
//
// zod is required lazily: Zapier loads the app module on every invocation, and zod's own load
// (about 75 ms here, a sixth of zapier-platform-core's) would otherwise be paid even by the
// invocations that never validate anything (connection label, dropdown pages, app description).
import type * as Zod from 'zod';
import {
  PERMISSION_KEYS,
  PLATFORM_LANGUAGES,
  USER_ROLES,
  USER_SCOPES,
  USER_TYPES,
  type PermissionKey,
} from './catalog';
import { andList, passwordProblems } from './password';
import { idRuleProblem, isSecretText, isUser, isUserPage, type User } from './shapes';

type ZodNamespace = typeof Zod.z;

// HighLevel documents no length limits; these only stop absurd values (a pasted document in a
// name field) before they reach HighLevel. Emails follow RFC 5321's 254.
const MAX_NAME = 255;
const MAX_TEXT = 2000;

/** A schema made on first use, then kept: building every schema costs a cold process ~10-20 ms. */
const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

const build = (z: ZodNamespace) => {
  // The rules live in lib/shapes.ts; zod only carries them inside the schemas that contain IDs.
  const id = (what = 'ID') =>
    z
      .string({ error: `must be a text ${what}` })
      .trim()
      .superRefine((value, ctx) => {
        const problem = idRuleProblem(value, what);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      });

  const name = once(() =>
    z
      .string({ error: 'must be text' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` }),
  );

  const email = once(() =>
    z
      .string({ error: 'must be text' })
      .trim()
      .max(254, { error: 'is too long to be an email address' })
      .pipe(z.email({ error: 'must be a valid email address, like jane@example.com' })),
  );

  // HighLevel stores phones as typed (its own example is "+1 808-868-8888"); refuse what cannot
  // be a phone number: 7 to 15 digits (E.164) with the usual separators and an optional leading +.
  const phone = once(() =>
    z
      .string({ error: 'must be text' })
      .trim()
      .max(32, { error: 'is too long to be a phone number' })
      .refine((value) => /^\+?[\d\s().-]+$/.test(value), {
        error:
          'must be a phone number such as +1 808-868-8888 (digits, spaces, ( ) . - and a leading +)',
      })
      .refine(
        (value) => {
          const digits = value.replace(/\D/g, '').length;
          return digits >= 7 && digits <= 15;
        },
        { error: 'must have between 7 and 15 digits' },
      ),
  );

  // HighLevel's policy (v3 document; the 2021-07-28 one states none): the message lists every
  // rule broken and never the password itself.
  const password = once(() =>
    z
      .string({ error: 'must be text' })
      .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` })
      .superRefine((value, ctx) => {
        const missing = passwordProblems(value);
        if (missing.length) {
          ctx.addIssue({
            code: 'custom',
            message: `must have ${andList(missing)} (HighLevel's password policy)`,
          });
        }
      }),
  );

  const url = once(() =>
    z
      .string({ error: 'must be text' })
      .trim()
      .max(MAX_TEXT, { error: `must be at most ${MAX_TEXT} characters` })
      .pipe(
        z.url({
          protocol: /^https?$/,
          error: 'must be a full http(s) URL, like https://example.com/photo.png',
        }),
      ),
  );

  const userType = once(() =>
    z.enum(USER_TYPES, { error: `must be one of: ${USER_TYPES.join(', ')}` }),
  );
  const userRole = once(() =>
    z.enum(USER_ROLES, { error: `must be one of: ${USER_ROLES.join(', ')}` }),
  );
  const language = once(() =>
    z.enum(PLATFORM_LANGUAGES, {
      error: `must be one of: ${PLATFORM_LANGUAGES.join(', ')}`,
    }),
  );
  const scope = once(() => z.enum(USER_SCOPES, { error: "is not one of HighLevel's user scopes" }));
  const scopeList = once(() => z.array(scope(), { error: 'must be a list of scopes' }));
  // What a request body may carry: the catalog's codes when a user typed them (userInput), but any
  // well-formed code copied from a user HighLevel returned, since HighLevel adds scopes without
  // notice (docs/highlevel-behaviour.md, U14).
  const sentScopes = once(() =>
    z.array(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, { error: 'is not a scope code' }),
      { error: 'must be a list of scopes' },
    ),
  );

  const permissionShape = once(
    () =>
      Object.fromEntries(
        PERMISSION_KEYS.map((key) => [
          key,
          z.boolean({ error: 'must be true or false' }).optional(),
        ]),
      ) as Record<PermissionKey, Zod.ZodOptional<Zod.ZodBoolean>>,
  );
  const permissions = once(() =>
    z.strictObject(permissionShape(), {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `has unknown permission(s): ${issue.keys.join(', ')}`
          : 'must be a set of permission switches',
    }),
  );

  const locationIds = once(() =>
    z
      .array(id('sub-account ID'), { error: 'must be a list of sub-account IDs' })
      .min(1, { error: 'must name at least one sub-account' })
      .max(500, { error: 'has too many sub-accounts' }),
  );

  // ---- responses: tolerant (HighLevel adds fields and scopes without notice), never trimmed ----
  // The user's rules are plain code in lib/shapes.ts (Get User never loads zod); these wrap them.
  const user = once(() => z.custom<User>(isUser, { error: 'is not a user' }));
  // Users are checked one by one (lib/users.ts parseUsers), so a page is only a list here.
  const userList = once(() =>
    z.custom<{ users: unknown[]; count?: number | null }>(isUserPage, {
      error: 'is not a page of users',
    }),
  );
  // filter-by-email without projection "all" returns only id and email per user.
  const deleteResult = once(() =>
    z.looseObject({
      succeded: z.boolean().optional(),
      succeeded: z.boolean().optional(),
      message: z.string().optional(),
    }),
  );
  const location = once(() =>
    z.looseObject({
      id: z.string().min(1),
      name: z.string().optional(),
      email: z.string().optional(),
      city: z.string().optional(),
    }),
  );
  const locationList = once(() => z.looseObject({ locations: z.array(location()) }));
  const locationOne = once(() => z.looseObject({ location: location() }));

  // Tokens are stored by Zapier and sent in headers: printable ASCII only, so a broken one is
  // refused here rather than stored (docs/highlevel-behaviour.md).
  const token = once(() => z.custom<string>(isSecretText, { error: 'is not a token' }));
  const tokenResponse = once(() =>
    z.looseObject({
      access_token: token(),
      refresh_token: token().optional(),
      expires_in: z.number().optional(),
      scope: z.string().optional(),
      userType: z.string().optional(),
      companyId: z.string().optional(),
      locationId: z.string().optional(),
      userId: z.string().optional(),
    }),
  );

  // ---- requests: strict, with HighLevel's documented required lists ----
  const searchUsersQuery = once(() =>
    z.strictObject({
      companyId: id('company ID'),
      query: z
        .string()
        .trim()
        .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` })
        .optional(),
      skip: z.string().regex(/^\d+$/).optional(),
      limit: z.string().regex(/^\d+$/).optional(),
      locationId: id('sub-account ID').optional(),
      type: userType().optional(),
      role: userRole().optional(),
      ids: z.string().optional(),
      sort: z.string().optional(),
      sortDirection: z.enum(['asc', 'desc']).optional(),
      enabled2waySync: z.boolean().optional(),
    }),
  );

  const filterByEmailBody = once(() =>
    z.strictObject({
      companyId: id('company ID'),
      // HighLevel takes ONE comma-separated string, not a JSON array.
      emails: z.string().min(3),
      deleted: z.boolean().optional(),
      skip: z.string().regex(/^\d+$/).optional(),
      limit: z.string().regex(/^\d+$/).optional(),
      projection: z.string().optional(),
    }),
  );

  const createUserBody = once(() =>
    z.strictObject({
      companyId: id('company ID'),
      firstName: name(),
      lastName: name(),
      email: email(),
      password: password(),
      phone: phone().optional(),
      type: userType(),
      role: userRole(),
      locationIds: locationIds(),
      permissions: permissions().optional(),
      scopes: sentScopes().optional(),
      scopesAssignedToOnly: sentScopes().optional(),
      profilePhoto: url().optional(),
      platformLanguage: language().optional(),
    }),
  );

  // Every field optional; `email` is gone (HighLevel no longer lets it change).
  const updateUserBody = once(() =>
    z.strictObject({
      companyId: id('company ID').optional(),
      firstName: name().optional(),
      lastName: name().optional(),
      password: password().optional(),
      phone: phone().optional(),
      type: userType().optional(),
      role: userRole().optional(),
      locationIds: locationIds().optional(),
      permissions: permissions().optional(),
      scopes: sentScopes().optional(),
      scopesAssignedToOnly: sentScopes().optional(),
      profilePhoto: url().optional(),
      platformLanguage: language().optional(),
    }),
  );

  // Everything Create or Update User may be given, each optional: checked before any request.
  const userInput = once(() =>
    z.strictObject({
      firstName: name().optional(),
      lastName: name().optional(),
      email: email().optional(),
      password: password().optional(),
      phone: phone().optional(),
      type: userType().optional(),
      role: userRole().optional(),
      platformLanguage: language().optional(),
      profilePhoto: url().optional(),
      locationIds: locationIds().optional(),
      addLocationIds: locationIds().optional(),
      removeLocationIds: locationIds().optional(),
      scopes: scopeList().optional(),
      addScopes: scopeList().optional(),
      removeScopes: scopeList().optional(),
      scopesAssignedToOnly: scopeList().optional(),
      addScopesAssignedToOnly: scopeList().optional(),
      removeScopesAssignedToOnly: scopeList().optional(),
    }),
  );

  return {
    id,
    get userInput() {
      return userInput();
    },
    get email() {
      return email();
    },
    get user() {
      return user();
    },
    get userList() {
      return userList();
    },
    get deleteResult() {
      return deleteResult();
    },
    get location() {
      return location();
    },
    get locationList() {
      return locationList();
    },
    get locationOne() {
      return locationOne();
    },
    get tokenResponse() {
      return tokenResponse();
    },
    get searchUsersQuery() {
      return searchUsersQuery();
    },
    get filterByEmailBody() {
      return filterByEmailBody();
    },
    get createUserBody() {
      return createUserBody();
    },
    get updateUserBody() {
      return updateUserBody();
    },
  };
};

export type Schemas = ReturnType<typeof build>;

let cache: Schemas | undefined;

export const schemas = (): Schemas => {
  if (!cache) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see top
    const { z } = require('zod') as typeof Zod;
    cache = build(z);
  }
  return cache;
};

export type { User } from './shapes';
export type Location = Zod.infer<Schemas['location']>;
export type TokenResponse = Zod.infer<Schemas['tokenResponse']>;
export type FilterByEmailBody = Zod.infer<Schemas['filterByEmailBody']>;
export type CreateUserBody = Zod.infer<Schemas['createUserBody']>;
export type UpdateUserBody = Zod.infer<Schemas['updateUserBody']>;
