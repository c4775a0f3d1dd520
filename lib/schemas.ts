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

type ZodNamespace = typeof Zod.z;

/** A plain HighLevel ID (20 letters and digits on HighLevel): nothing URL handling could change. */
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;

// HighLevel documents no length limits; these only stop absurd values (a pasted document in a
// name field) before they reach HighLevel. Emails follow RFC 5321's 254.
const MAX_NAME = 255;
const MAX_TEXT = 2000;

const build = (z: ZodNamespace) => {
  const id = (what = 'ID') =>
    z
      .string({ error: `must be a text ${what}` })
      .trim()
      .min(1, { error: `must not be empty` })
      .max(128, { error: `is too long to be a HighLevel ${what}` })
      .refine((value) => PLAIN_ID.test(value), {
        error: `must be a single HighLevel ${what}: letters and digits only, like Tq8v2LmZ4xNc7RbW1sKd`,
      });

  const name = z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` });

  const email = z
    .string({ error: 'must be text' })
    .trim()
    .max(254, { error: 'is too long to be an email address' })
    .pipe(z.email({ error: 'must be a valid email address, like jane@example.com' }));

  // HighLevel stores phones as typed (its own example is "+1 808-868-8888"); refuse what cannot
  // be a phone number: 7 to 15 digits (E.164) with the usual separators and an optional leading +.
  const phone = z
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
    );

  // HighLevel's policy (v3 document; the 2021-07-28 one states none): the message lists every
  // rule broken and never the password itself.
  const password = z
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
    });

  const url = z
    .string({ error: 'must be text' })
    .trim()
    .max(MAX_TEXT, { error: `must be at most ${MAX_TEXT} characters` })
    .pipe(
      z.url({
        protocol: /^https?$/,
        error: 'must be a full http(s) URL, like https://example.com/photo.png',
      }),
    );

  const userType = z.enum(USER_TYPES, { error: `must be one of: ${USER_TYPES.join(', ')}` });
  const userRole = z.enum(USER_ROLES, { error: `must be one of: ${USER_ROLES.join(', ')}` });
  const language = z.enum(PLATFORM_LANGUAGES, {
    error: `must be one of: ${PLATFORM_LANGUAGES.join(', ')}`,
  });
  const scope = z.enum(USER_SCOPES, { error: "is not one of HighLevel's user scopes" });
  const scopeList = z.array(scope, { error: 'must be a list of scopes' });
  // What a request body may carry: the catalog's codes when a user typed them (userInput), but any
  // well-formed code copied from a user HighLevel returned, since HighLevel adds scopes without
  // notice (docs/highlevel-behaviour.md, U14).
  const sentScopes = z.array(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, { error: 'is not a scope code' }),
    { error: 'must be a list of scopes' },
  );

  const permissionShape = Object.fromEntries(
    PERMISSION_KEYS.map((key) => [key, z.boolean({ error: 'must be true or false' }).optional()]),
  ) as Record<PermissionKey, Zod.ZodOptional<Zod.ZodBoolean>>;
  const permissions = z.strictObject(permissionShape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown permission(s): ${issue.keys.join(', ')}`
        : 'must be a set of permission switches',
  });

  const locationIds = z
    .array(id('sub-account ID'), { error: 'must be a list of sub-account IDs' })
    .min(1, { error: 'must name at least one sub-account' })
    .max(500, { error: 'has too many sub-accounts' });

  // ---- responses: tolerant (HighLevel adds fields and scopes without notice), never trimmed ----
  // Every field but `id` may be missing or null: one odd user must not hide the others
  // (docs/highlevel-behaviour.md, "Odd users"). mapUser turns null into empty values.
  const roles = z.looseObject({
    type: z.string().nullish(),
    role: z.string().nullish(),
    locationIds: z.array(z.string()).nullish(),
    restrictSubAccount: z.boolean().nullish(),
  });
  // A JSON object whose values are not looked at. z.record would check and copy every key: with
  // HighLevel's 38 permissions per user, parsing a 100-user page took 0.82 ms instead of 0.13 ms.
  const plainObject = z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    { error: 'must be an object' },
  );
  const user = z.looseObject({
    id: z.string().min(1),
    name: z.string().nullish(),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
    extension: z.string().nullish(),
    permissions: plainObject.nullish(),
    // The OpenAPI document types `scopes` as one string; real responses carry a list.
    scopes: z.union([z.array(z.string()), z.string()]).nullish(),
    scopesAssignedToOnly: z.union([z.array(z.string()), z.string()]).nullish(),
    roles: roles.nullish(),
    deleted: z.boolean().nullish(),
    lcPhone: plainObject.nullish(),
    platformLanguage: z.string().nullish(),
    profilePhoto: z.string().nullish(),
  });
  // Users are checked one by one (lib/users.ts parseUsers), so a page is only a list here.
  const userList = z.looseObject({ users: z.array(z.unknown()), count: z.number().nullish() });
  // filter-by-email without projection "all" returns only id and email per user.
  const deleteResult = z.looseObject({
    succeded: z.boolean().optional(),
    succeeded: z.boolean().optional(),
    message: z.string().optional(),
  });
  const location = z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    email: z.string().optional(),
    city: z.string().optional(),
  });
  const locationList = z.looseObject({ locations: z.array(location) });
  const locationOne = z.looseObject({ location });

  // Tokens are stored by Zapier and sent in headers: printable ASCII only, so a broken one is
  // refused here rather than stored (docs/highlevel-behaviour.md).
  const token = z.string().regex(/^[\x21-\x7E]{16,8192}$/);
  const tokenResponse = z.looseObject({
    access_token: token,
    refresh_token: token.optional(),
    expires_in: z.number().optional(),
    scope: z.string().optional(),
    userType: z.string().optional(),
    companyId: z.string().optional(),
    locationId: z.string().optional(),
    userId: z.string().optional(),
  });

  // ---- requests: strict, with HighLevel's documented required lists ----
  const searchUsersQuery = z.strictObject({
    companyId: id('company ID'),
    query: z
      .string()
      .trim()
      .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` })
      .optional(),
    skip: z.string().regex(/^\d+$/).optional(),
    limit: z.string().regex(/^\d+$/).optional(),
    locationId: id('sub-account ID').optional(),
    type: userType.optional(),
    role: userRole.optional(),
    ids: z.string().optional(),
    sort: z.string().optional(),
    sortDirection: z.enum(['asc', 'desc']).optional(),
    enabled2waySync: z.boolean().optional(),
  });

  const filterByEmailBody = z.strictObject({
    companyId: id('company ID'),
    // HighLevel takes ONE comma-separated string, not a JSON array.
    emails: z.string().min(3),
    deleted: z.boolean().optional(),
    skip: z.string().regex(/^\d+$/).optional(),
    limit: z.string().regex(/^\d+$/).optional(),
    projection: z.string().optional(),
  });

  const createUserBody = z.strictObject({
    companyId: id('company ID'),
    firstName: name,
    lastName: name,
    email,
    password,
    phone: phone.optional(),
    type: userType,
    role: userRole,
    locationIds,
    permissions: permissions.optional(),
    scopes: sentScopes.optional(),
    scopesAssignedToOnly: sentScopes.optional(),
    profilePhoto: url.optional(),
    platformLanguage: language.optional(),
  });

  // Every field optional; `email` is gone (HighLevel no longer lets it change).
  const updateUserBody = z.strictObject({
    companyId: id('company ID').optional(),
    firstName: name.optional(),
    lastName: name.optional(),
    password: password.optional(),
    phone: phone.optional(),
    type: userType.optional(),
    role: userRole.optional(),
    locationIds: locationIds.optional(),
    permissions: permissions.optional(),
    scopes: sentScopes.optional(),
    scopesAssignedToOnly: sentScopes.optional(),
    profilePhoto: url.optional(),
    platformLanguage: language.optional(),
  });

  // Everything Create or Update User may be given, each optional: checked before any request.
  const userInput = z.strictObject({
    firstName: name.optional(),
    lastName: name.optional(),
    email: email.optional(),
    password: password.optional(),
    phone: phone.optional(),
    type: userType.optional(),
    role: userRole.optional(),
    platformLanguage: language.optional(),
    profilePhoto: url.optional(),
    locationIds: locationIds.optional(),
    addLocationIds: locationIds.optional(),
    removeLocationIds: locationIds.optional(),
    scopes: scopeList.optional(),
    addScopes: scopeList.optional(),
    removeScopes: scopeList.optional(),
    scopesAssignedToOnly: scopeList.optional(),
    addScopesAssignedToOnly: scopeList.optional(),
    removeScopesAssignedToOnly: scopeList.optional(),
  });

  return {
    id,
    userInput,
    email,
    user,
    userList,
    deleteResult,
    location,
    locationList,
    locationOne,
    tokenResponse,
    searchUsersQuery,
    filterByEmailBody,
    createUserBody,
    updateUserBody,
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

export type User = Zod.infer<Schemas['user']>;
export type Location = Zod.infer<Schemas['location']>;
export type TokenResponse = Zod.infer<Schemas['tokenResponse']>;
export type FilterByEmailBody = Zod.infer<Schemas['filterByEmailBody']>;
export type CreateUserBody = Zod.infer<Schemas['createUserBody']>;
export type UpdateUserBody = Zod.infer<Schemas['updateUserBody']>;
