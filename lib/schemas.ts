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

type ZodNamespace = typeof Zod.z;

/** Characters that would change the meaning of a URL path if an ID carried them. */
const UNSAFE_ID = /[\s/?#\\%]|\.\./;

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
      .refine((value) => !UNSAFE_ID.test(value), {
        error: `must be a single HighLevel ${what}: it cannot contain spaces, "/", "?", "#", "\\", "%" or ".."`,
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

  const password = z
    .string({ error: 'must be text' })
    .min(1, { error: 'must not be empty' })
    .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` });

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
    .array(id('location ID'), { error: 'must be a list of location IDs' })
    .min(1, { error: 'must name at least one location' })
    .max(500, { error: 'has too many locations' });

  // ---- responses: tolerant (HighLevel adds fields and scopes without notice), never trimmed ----
  const roles = z.looseObject({
    type: z.string().optional(),
    role: z.string().optional(),
    locationIds: z.array(z.string()).optional(),
    restrictSubAccount: z.boolean().optional(),
  });
  // A JSON object whose values are not looked at. z.record would check and copy every key: with
  // HighLevel's 38 permissions per user, parsing a 100-user page took 0.82 ms instead of 0.13 ms.
  const plainObject = z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    { error: 'must be an object' },
  );
  const user = z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    extension: z.string().optional(),
    permissions: plainObject.optional(),
    // The OpenAPI document types `scopes` as one string; real responses carry a list.
    scopes: z.union([z.array(z.string()), z.string()]).optional(),
    scopesAssignedToOnly: z.union([z.array(z.string()), z.string()]).optional(),
    roles: roles.optional(),
    deleted: z.boolean().optional(),
    lcPhone: plainObject.optional(),
    platformLanguage: z.string().optional(),
    profilePhoto: z.string().optional(),
  });
  const userList = z.looseObject({ users: z.array(user), count: z.number().optional() });
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

  const tokenResponse = z.looseObject({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1).optional(),
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
    locationId: id('location ID').optional(),
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
    scopes: scopeList.optional(),
    scopesAssignedToOnly: scopeList.optional(),
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
    scopes: scopeList.optional(),
    scopesAssignedToOnly: scopeList.optional(),
    profilePhoto: url.optional(),
    platformLanguage: language.optional(),
  });

  return {
    id,
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
