// The rules for an ID and for a user HighLevel returns, in plain code: the one place they are
// written. lib/schemas.ts wraps them for the zod schemas that contain them; a Get User poll or a
// connection test checks its answer with them directly and never loads zod (a cold start pays
// about 20 ms for zod: bench/README.md).

/** A plain HighLevel ID (20 letters and digits on HighLevel): nothing URL handling could change. */
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;
const MAX_ID = 128;

/** What is wrong with an ID (after trimming), in words for "<Field> (key) …"; undefined if none. */
export const idRuleProblem = (value: unknown, what = 'ID'): string | undefined => {
  if (typeof value !== 'string') return `must be a text ${what}`;
  const id = value.trim();
  if (id === '') return 'must not be empty';
  if (id.length > MAX_ID) return `is too long to be a HighLevel ${what}`;
  if (!PLAIN_ID.test(id)) {
    return `must be a single HighLevel ${what}: letters and digits only, like Tq8v2LmZ4xNc7RbW1sKd`;
  }
  return undefined;
};

/**
 * A token or client secret: printable ASCII, no spaces, at least 16 characters (HighLevel's run to
 * hundreds). Core's log censoring skips values shorter than 6, and a CR/LF would split a header.
 */
export const isSecretText = (value: unknown): value is string =>
  typeof value === 'string' && /^[\x21-\x7E]{16,8192}$/.test(value);

export interface Roles {
  [key: string]: unknown;
  type?: string | null;
  role?: string | null;
  locationIds?: string[] | null;
  restrictSubAccount?: boolean | null;
}

/** A user as HighLevel returns it: only `id` is certain; the rest may be missing or null. */
export interface User {
  [key: string]: unknown;
  id: string;
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  extension?: string | null;
  permissions?: Record<string, unknown> | null;
  scopes?: string[] | string | null;
  scopesAssignedToOnly?: string[] | string | null;
  roles?: Roles | null;
  deleted?: boolean | null;
  lcPhone?: Record<string, unknown> | null;
  platformLanguage?: string | null;
  profilePhoto?: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nullish = (value: unknown): value is null | undefined =>
  value === undefined || value === null;

const isText = (value: unknown): boolean => nullish(value) || typeof value === 'string';

const isTextList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const USER_TEXT = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'extension',
  'platformLanguage',
  'profilePhoto',
] as const;

const isRoles = (value: unknown): boolean =>
  nullish(value) ||
  (isRecord(value) &&
    isText(value.type) &&
    isText(value.role) &&
    (nullish(value.locationIds) || isTextList(value.locationIds)) &&
    (nullish(value.restrictSubAccount) || typeof value.restrictSubAccount === 'boolean'));

/**
 * Whether HighLevel's answer is a user the app can use. Tolerant: other keys pass, and every field
 * but `id` may be missing or null (docs/highlevel-behaviour.md, "Odd users"); `scopes` may be one
 * string (the v2 document) or a list (real answers).
 */
export const isUser = (value: unknown): value is User =>
  isRecord(value) &&
  typeof value.id === 'string' &&
  value.id !== '' &&
  USER_TEXT.every((key) => isText(value[key])) &&
  (nullish(value.permissions) || isRecord(value.permissions)) &&
  (nullish(value.lcPhone) || isRecord(value.lcPhone)) &&
  [value.scopes, value.scopesAssignedToOnly].every(
    (scopes) => nullish(scopes) || typeof scopes === 'string' || isTextList(scopes),
  ) &&
  isRoles(value.roles) &&
  (nullish(value.deleted) || typeof value.deleted === 'boolean');

/** A page of users: `{users: [...]}`, each judged on its own later. */
export const isUserPage = (value: unknown): value is { users: unknown[]; count?: number | null } =>
  isRecord(value) &&
  Array.isArray(value.users) &&
  (nullish(value.count) || typeof value.count === 'number');
