/**
 * Request validation in the style of HighLevel's NestJS services (class-validator with
 * `whitelist` + `forbidNonWhitelisted`): every problem is collected and answered at once as
 * 422 `{statusCode: 422, message: [..], error: 'Unprocessable Entity'}`, with class-validator's
 * wording ("firstName should not be empty", "property foo should not exist", ...).
 */
import { PERMISSION_KEYS, PLATFORM_LANGUAGES, SCOPE_CODE_PATTERN, USER_SCOPES } from './constants';
import type { NewUserInput, SortField, UserFilter, UserPatch, UserRole, UserType } from './types';
import { isPlainObject, oneOf } from './util';

const KNOWN_SCOPES = new Set(USER_SCOPES);
const KNOWN_PERMISSIONS = new Set(PERMISSION_KEYS);
const USER_TYPES: readonly UserType[] = ['agency', 'account'];
const USER_ROLES: readonly UserRole[] = ['admin', 'user'];

/** Loose but practical, like class-validator's IsEmail for everyday addresses. */
const EMAIL_RE = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export type Body = Record<string, unknown>;

/**
 * How open the user DTOs are (behaviour.ts decides per mode): any well-formed scope code or only
 * the enum; any boolean switch or only PermissionsDto's keys.
 */
export interface UserRules {
  anyScopeCode: boolean;
  anyPermissionKey: boolean;
}

export function isEmail(v: string): boolean {
  return EMAIL_RE.test(v);
}

class Collector {
  readonly errors: string[] = [];

  constructor(
    private readonly rules: UserRules = { anyScopeCode: false, anyPermissionKey: false },
  ) {}

  add(msg: string): void {
    this.errors.push(msg);
  }

  /** IsString + IsNotEmpty (required) or IsOptional + IsString. */
  string(body: Body, key: string, required: boolean): string | undefined {
    const v = body[key];
    if (v === undefined || v === null) {
      if (required) {
        this.add(`${key} should not be empty`);
        this.add(`${key} must be a string`);
      }
      return undefined;
    }
    if (typeof v !== 'string') {
      this.add(`${key} must be a string`);
      return undefined;
    }
    if (required && v.trim() === '') {
      this.add(`${key} should not be empty`);
      return undefined;
    }
    return v;
  }

  enumValue<T extends string>(
    body: Body,
    key: string,
    values: readonly T[],
    required: boolean,
  ): T | undefined {
    const v = body[key];
    if (v === undefined || v === null) {
      if (required) {
        this.add(`${key} should not be empty`);
        this.add(oneOf(key, values));
      }
      return undefined;
    }
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.add(oneOf(key, values));
      return undefined;
    }
    return v as T;
  }

  stringArray(body: Body, key: string, required: boolean, nonEmpty: boolean): string[] | undefined {
    const v = body[key];
    if (v === undefined || v === null) {
      if (required) {
        this.add(`${key} should not be empty`);
        this.add(`${key} must be an array`);
      }
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.add(`${key} must be an array`);
      return undefined;
    }
    if (nonEmpty && v.length === 0) {
      this.add(`${key} should not be empty`);
      return undefined;
    }
    if (!v.every((x) => typeof x === 'string')) {
      this.add(`each value in ${key} must be a string`);
      return undefined;
    }
    return v as string[];
  }

  scopes(body: Body, key: string): string[] | undefined {
    const arr = this.stringArray(body, key, false, false);
    if (!arr) return undefined;
    if (this.rules.anyScopeCode) {
      // class-validator's @Matches(…, {each: true}) wording.
      if (arr.every((s) => SCOPE_CODE_PATTERN.test(s))) return arr;
      this.add(`each value in ${key} must match ${String(SCOPE_CODE_PATTERN)} regular expression`);
      return undefined;
    }
    const bad = arr.filter((s) => !KNOWN_SCOPES.has(s));
    if (bad.length > 0) {
      // class-validator would list all 189 allowed values; naming the offenders is more useful.
      this.add(
        `each value in ${key} must be one of the documented scope values (invalid: ${bad.join(', ')})`,
      );
      return undefined;
    }
    return arr;
  }

  permissions(body: Body): Record<string, boolean> | undefined {
    const v = body.permissions;
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) {
      this.add('nested property permissions must be either object or array');
      return undefined;
    }
    const out: Record<string, boolean> = {};
    let ok = true;
    for (const [k, val] of Object.entries(v)) {
      if (!this.rules.anyPermissionKey && !KNOWN_PERMISSIONS.has(k)) {
        this.add(`property permissions.${k} should not exist`);
        ok = false;
      } else if (typeof val !== 'boolean') {
        this.add(`permissions.${k} must be a boolean value`);
        ok = false;
      } else {
        out[k] = val;
      }
    }
    return ok ? out : undefined;
  }

  stringMap(body: Body, key: string): Record<string, string> | undefined {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) {
      this.add(`${key} must be an object`);
      return undefined;
    }
    if (!Object.values(v).every((x) => typeof x === 'string')) {
      this.add(`each value in ${key} must be a string`);
      return undefined;
    }
    return v as Record<string, string>;
  }

  unknownProperties(body: Body, allowed: readonly string[]): void {
    for (const k of Object.keys(body)) {
      if (!allowed.includes(k)) this.add(`property ${k} should not exist`);
    }
  }
}

const USER_FIELDS = [
  'companyId',
  'firstName',
  'lastName',
  'email',
  'password',
  'phone',
  'type',
  'role',
  'locationIds',
  'permissions',
  'scopes',
  'scopesAssignedToOnly',
  'profilePhoto',
  'twilioPhone',
  'platformLanguage',
] as const;

/** The fields CreateUserDto and UpdateUserDto both take as optional, read in the DTOs' order. */
function optionalUserFields(c: Collector, body: Body) {
  return {
    permissions: c.permissions(body),
    scopes: c.scopes(body, 'scopes'),
    scopesAssignedToOnly: c.scopes(body, 'scopesAssignedToOnly'),
    profilePhoto: c.string(body, 'profilePhoto', false),
    twilioPhone: c.stringMap(body, 'twilioPhone'),
    platformLanguage: c.enumValue(body, 'platformLanguage', PLATFORM_LANGUAGES, false),
  };
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** CreateUserDto. */
export function validateCreateUser(body: Body, rules: UserRules): Validated<NewUserInput> {
  const c = new Collector(rules);
  const companyId = c.string(body, 'companyId', true);
  const firstName = c.string(body, 'firstName', true);
  const lastName = c.string(body, 'lastName', true);
  const email = c.string(body, 'email', true);
  if (email !== undefined && !isEmail(email.trim())) c.add('email must be an email');
  const password = c.string(body, 'password', true);
  const phone = c.string(body, 'phone', false);
  const type = c.enumValue(body, 'type', USER_TYPES, true);
  const role = c.enumValue(body, 'role', USER_ROLES, true);
  const locationIds = c.stringArray(body, 'locationIds', true, true);
  const optional = optionalUserFields(c, body);
  c.unknownProperties(body, USER_FIELDS);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    value: {
      companyId: companyId as string,
      firstName: (firstName as string).trim(),
      lastName: (lastName as string).trim(),
      email: (email as string).trim().toLowerCase(),
      password: password as string,
      phone,
      type: type as UserType,
      role: role as UserRole,
      locationIds: locationIds as string[],
      ...optional,
    },
  };
}

export interface UpdateInput {
  companyId?: string;
  email?: string;
  patch: UserPatch;
}

/**
 * UpdateUserDto: every field optional, but HighLevel requires `companyId` for agency-level
 * access (`requireCompanyId`), and `email` is deprecated (checked by the route: a different
 * email is refused with 400, the same email is accepted). `locationIds: []` is refused ("should
 * not be empty") unless `allowEmptyLocationIds` (partialUpdates 'reset').
 */
export function validateUpdateUser(
  body: Body,
  rules: UserRules & { requireCompanyId: boolean; allowEmptyLocationIds: boolean },
): Validated<UpdateInput> {
  const { requireCompanyId, allowEmptyLocationIds } = rules;
  const c = new Collector(rules);
  const companyId = c.string(body, 'companyId', false);
  if (requireCompanyId && (companyId === undefined || companyId.trim() === '')) {
    if (!c.errors.includes('companyId must be a string')) {
      c.add('companyId is required for agency-level access');
    }
  }
  const firstName = c.string(body, 'firstName', false);
  if (firstName !== undefined && firstName.trim() === '') c.add('firstName should not be empty');
  const lastName = c.string(body, 'lastName', false);
  if (lastName !== undefined && lastName.trim() === '') c.add('lastName should not be empty');
  const email = c.string(body, 'email', false);
  if (email !== undefined && !isEmail(email.trim())) c.add('email must be an email');
  const password = c.string(body, 'password', false);
  if (password !== undefined && password === '') c.add('password should not be empty');
  const phone = c.string(body, 'phone', false);
  const type = c.enumValue(body, 'type', USER_TYPES, false);
  const role = c.enumValue(body, 'role', USER_ROLES, false);
  const locationIds = c.stringArray(body, 'locationIds', false, !allowEmptyLocationIds);
  const optional = optionalUserFields(c, body);
  c.unknownProperties(body, USER_FIELDS);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  const patch: UserPatch = {};
  if (firstName !== undefined) patch.firstName = firstName.trim();
  if (lastName !== undefined) patch.lastName = lastName.trim();
  if (password !== undefined) patch.password = password;
  if (phone !== undefined) patch.phone = phone;
  if (type !== undefined) patch.type = type;
  if (role !== undefined) patch.role = role;
  if (locationIds !== undefined) patch.locationIds = locationIds;
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(patch, { [key]: value });
  }
  return {
    ok: true,
    value: { companyId, email: email?.trim().toLowerCase(), patch },
  };
}

// ------------------------------------------------------------------ paging helpers

/**
 * `skip` / `limit` are documented as strings (query parameters, and also in the JSON body of
 * filter-by-email). A JSON number is refused like class-validator's IsNumberString would.
 */
function numberString(
  c: Collector,
  key: string,
  raw: unknown,
  dflt: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === null || raw === '') return dflt;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) {
    c.add(`${key} must be a number string`);
    return dflt;
  }
  const n = Number(raw.trim());
  if (n < min) c.add(`${key} must not be less than ${min}`);
  if (n > max) c.add(`${key} must not be greater than ${max}`);
  return n;
}

function booleanString(c: Collector, key: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  c.add(`${key} must be a boolean value`);
  return undefined;
}

/** The largest page the sandbox serves; HighLevel does not document one, 100 is its common cap. */
export const MAX_LIMIT = 100;

export interface SearchQuery {
  companyId: string;
  filter: UserFilter;
  sort: { field: SortField; direction: 'asc' | 'desc' };
  skip: number;
  limit: number;
}

const SORT_FIELDS: readonly SortField[] = ['dateAdded', 'name', 'firstName', 'lastName', 'email'];

/**
 * GET /users/search query. Without `sort` HighLevel orders "based on the first and last name";
 * `sort=dateAdded` orders by creation. Other sort values (HighLevel takes free text) fall back
 * to creation order rather than failing.
 */
export function validateSearchQuery(q: Record<string, string>): Validated<SearchQuery> {
  const c = new Collector();
  const companyId = c.string(q, 'companyId', true);
  const skip = numberString(c, 'skip', q.skip, 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = numberString(c, 'limit', q.limit, 25, 1, MAX_LIMIT);
  let direction: 'asc' | 'desc' = 'asc';
  if (q.sortDirection !== undefined && q.sortDirection !== '') {
    const d = q.sortDirection.toLowerCase();
    if (d === 'asc' || d === 'desc') direction = d;
    else c.add(oneOf('sortDirection', ['asc', 'desc']));
  }
  let field: SortField = 'name';
  if (q.sort !== undefined && q.sort !== '') {
    field = (SORT_FIELDS as readonly string[]).includes(q.sort)
      ? (q.sort as SortField)
      : 'dateAdded';
  }
  const enabled2waySync = booleanString(c, 'enabled2waySync', q.enabled2waySync);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  const filter: UserFilter = {};
  if (q.query !== undefined && q.query.trim() !== '') filter.query = q.query;
  if (q.locationId !== undefined && q.locationId !== '') filter.locationId = q.locationId;
  if (q.type !== undefined && q.type !== '') filter.type = q.type;
  if (q.role !== undefined && q.role !== '') filter.role = q.role;
  if (q.ids !== undefined && q.ids.trim() !== '') {
    filter.ids = new Set(
      q.ids
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    );
  }
  if (enabled2waySync !== undefined) filter.enabled2waySync = enabled2waySync;
  return {
    ok: true,
    value: { companyId: companyId as string, filter, sort: { field, direction }, skip, limit },
  };
}

export interface FilterByEmailInput {
  companyId: string;
  emails: string[];
  deleted: boolean;
  skip: number;
  limit: number;
  /** 'all', a list of field names, or null for the default `{id, email}`. */
  projection: 'all' | string[] | null;
}

const FILTER_FIELDS = ['companyId', 'emails', 'deleted', 'skip', 'limit', 'projection'];

/** FilterByEmailDto. `emails` is ONE comma-separated string; an array is refused. */
export function validateFilterByEmail(body: Body): Validated<FilterByEmailInput> {
  const c = new Collector();
  const companyId = c.string(body, 'companyId', true);
  const emails = c.string(body, 'emails', true);
  let deleted = false;
  if (body.deleted !== undefined && body.deleted !== null) {
    if (typeof body.deleted === 'boolean') deleted = body.deleted;
    else c.add('deleted must be a boolean value');
  }
  const skip = numberString(c, 'skip', body.skip, 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = numberString(c, 'limit', body.limit, 25, 1, MAX_LIMIT);
  const projectionRaw = c.string(body, 'projection', false);
  c.unknownProperties(body, FILTER_FIELDS);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  let projection: FilterByEmailInput['projection'] = null;
  if (projectionRaw !== undefined && projectionRaw.trim() !== '') {
    projection =
      projectionRaw.trim().toLowerCase() === 'all'
        ? 'all'
        : projectionRaw
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
  }
  return {
    ok: true,
    value: {
      companyId: companyId as string,
      emails: (emails as string)
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter((e) => e !== ''),
      deleted,
      skip,
      limit,
      projection,
    },
  };
}

export interface LocationSearchQuery {
  companyId?: string;
  skip: number;
  limit: number;
  order: 'asc' | 'desc';
  email?: string;
}

/** GET /locations/search: skip default '0', limit default '10', order asc|desc (default asc). */
export function validateLocationSearch(q: Record<string, string>): Validated<LocationSearchQuery> {
  const c = new Collector();
  const skip = numberString(c, 'skip', q.skip, 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = numberString(c, 'limit', q.limit, 10, 1, MAX_LIMIT);
  let order: 'asc' | 'desc' = 'asc';
  if (q.order !== undefined && q.order !== '') {
    const o = q.order.toLowerCase();
    if (o === 'asc' || o === 'desc') order = o;
    else c.add(oneOf('order', ['asc', 'desc']));
  }
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  const out: LocationSearchQuery = { skip, limit, order };
  if (q.companyId !== undefined && q.companyId !== '') out.companyId = q.companyId;
  if (q.email !== undefined && q.email !== '') out.email = q.email.trim().toLowerCase();
  return { ok: true, value: out };
}
