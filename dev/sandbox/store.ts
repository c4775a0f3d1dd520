/**
 * In-memory data of the sandbox: one agency (company), its sub-accounts (locations) and its
 * users, seeded deterministically from a PRNG.
 *
 * HighLevel's user object has no date field at all, yet Search Users accepts
 * `sort=dateAdded`. The store therefore keeps insertion order (`seq`) as the hidden
 * "dateAdded": seeded users are oldest, users created through the API are newest.
 */
import { createHash } from 'crypto';
import {
  DEFAULT_USER_SCOPES,
  PERMISSION_DEFAULTS,
  PLATFORM_LANGUAGES,
  UNDOCUMENTED_SEED_PERMISSION,
} from './constants';
import { deriveRng, makeId, pick, randInt, shuffle, type Rng } from './prng';
import {
  AREA_CODES,
  BUSINESS_NAMES,
  COMPANY_NAMES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  PLACES,
  STREETS,
} from './seed-data';
import type {
  NewUserInput,
  SortField,
  UserFilter,
  UserJson,
  UserPatch,
  UserRole,
  UserRoles,
  UserType,
} from './types';

/** A user as stored. Only `toUserJson` decides what leaves the sandbox. */
export interface StoredUser {
  id: string;
  companyId: string;
  /** Hidden insertion order: HighLevel's "dateAdded". */
  seq: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  extension: string;
  /** sha256 of the password: stored, never returned, never logged. */
  passwordHash: string;
  permissions: Record<string, boolean>;
  scopes: string[];
  scopesAssignedToOnly: string[];
  roles: UserRoles;
  deleted: boolean;
  /** DELETE was accepted; the user is flagged deleted once the queue "runs". */
  deleteQueued: boolean;
  lcPhone: Record<string, string>;
  twilioPhone: Record<string, string>;
  platformLanguage: string;
  /** Always present (undefined when unset) so every user keeps the same object shape. */
  profilePhoto: string | undefined;
  /** Search filter `enabled2waySync` (calendar two-way sync); not part of the user object. */
  enabled2waySync: boolean;
  /** Derived, refreshed by `touch`: lowercase "first last\nemail\nphone". */
  searchText: string;
  phoneDigits: string;
  /** The serialized answer, real and `spec` shape, cached by user-json.ts; null when stale. */
  json: string | null;
  jsonSpec: string | null;
}

export interface StoredLocation {
  id: string;
  companyId: string;
  seq: number;
  name: string;
  phone: string;
  email: string;
  address: string;
  city: string;
  state: string;
  country: string;
  postalCode: string;
  website: string;
  timezone: string;
  domain: string;
  logoUrl: string;
  firstName: string;
  lastName: string;
}

export interface Company {
  id: string;
  name: string;
}

interface SortView {
  version: number;
  order: StoredUser[];
  pos: Int32Array;
}

export interface SearchResult {
  count: number;
  users: StoredUser[];
}

export function hashPassword(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}

/** Recompute derived fields after any change to a user. */
function touch(u: StoredUser): void {
  u.searchText = `${u.firstName} ${u.lastName}\n${u.email}\n${u.phone}`.toLowerCase();
  u.phoneDigits = digitsOf(u.phone);
  u.json = null;
  u.jsonSpec = null;
}

/**
 * The public shape, as HighLevel really answers it. The document's shape (`spec`) is a
 * difference of behaviour.ts, applied on top of this by user-json.ts.
 */
export function toUserJson(u: StoredUser): UserJson {
  const out: UserJson = {
    id: u.id,
    name: `${u.firstName} ${u.lastName}`.trim(),
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    phone: u.phone,
    extension: u.extension,
    permissions: { ...u.permissions },
    scopes: [...u.scopes],
    scopesAssignedToOnly: [...u.scopesAssignedToOnly],
    roles: {
      type: u.roles.type,
      role: u.roles.role,
      locationIds: [...u.roles.locationIds],
      restrictSubAccount: u.roles.restrictSubAccount,
    },
    deleted: u.deleted,
    lcPhone: { ...u.lcPhone },
    platformLanguage: u.platformLanguage,
  };
  if (u.profilePhoto !== undefined) out.profilePhoto = u.profilePhoto;
  return out;
}

export interface SeedOptions {
  seed: number;
  users: number;
  locations: number;
}

/** Seeded users share one (unknown) password; hashing 10,000 distinct ones would slow seeding. */
const SEED_PASSWORD_HASH = hashPassword('sandbox-seeded-user');

/** PRNG streams: one per kind of data so that counts of one kind never shift the others. */
const STREAM = { company: 1, locations: 2, users: 3, runtimeIds: 4, misc: 5 } as const;

export class Store {
  readonly company: Company;
  readonly locations: StoredLocation[] = [];
  readonly locationById = new Map<string, StoredLocation>();
  /** All users, deleted ones included, in insertion ("dateAdded") order. */
  readonly users: StoredUser[] = [];
  readonly userById = new Map<string, StoredUser>();
  /** All users (deleted too) by lowercase email. */
  private readonly usersByEmail = new Map<string, StoredUser[]>();
  private readonly usedIds = new Set<string>();
  private readonly runtimeRng: Rng;
  private nextSeq = 1;
  /** Bumped on every change that can affect sorting; sort caches compare it. */
  private version = 0;
  private readonly sortCache = new Map<SortField, SortView>();
  /** Agency admin who "installs" agency connections. */
  readonly agencyAdminId: string;
  readonly planId: string;

  constructor(opts: SeedOptions) {
    const companyRng = deriveRng(opts.seed, STREAM.company);
    this.company = { id: this.uniqueId(companyRng), name: pick(companyRng, COMPANY_NAMES) };
    this.planId = this.uniqueId(companyRng);
    this.runtimeRng = deriveRng(opts.seed, STREAM.runtimeIds);

    const locRng = deriveRng(opts.seed, STREAM.locations);
    const locationCount = Math.max(1, Math.floor(opts.locations));
    for (let i = 0; i < locationCount; i++) this.addLocation(this.seedLocation(locRng, i));

    // Every location gets at least one admin, and there is one agency admin: the installing
    // users of the ready-made token sets. Hence the minimum user count.
    const userCount = Math.max(Math.floor(opts.users), locationCount + 1);
    this.agencyAdminId = this.seedUsers(deriveRng(opts.seed, STREAM.users), userCount);
  }

  // ---------------------------------------------------------------- seeding

  private uniqueId(rng: Rng): string {
    let id = makeId(rng);
    while (this.usedIds.has(id)) id = makeId(rng);
    this.usedIds.add(id);
    return id;
  }

  /** IDs for objects created at run time (deterministic too, from their own stream). */
  newId(): string {
    return this.uniqueId(this.runtimeRng);
  }

  private seedLocation(rng: Rng, i: number): StoredLocation {
    const base = BUSINESS_NAMES[i % BUSINESS_NAMES.length] as string;
    const round = Math.floor(i / BUSINESS_NAMES.length);
    const name = round === 0 ? base : `${base} #${round + 1}`;
    const place = PLACES[i % PLACES.length] as (typeof PLACES)[number];
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/(^-|-$)/g, '');
    const id = this.uniqueId(rng);
    const ownerFirst = pick(rng, FIRST_NAMES);
    const ownerLast = pick(rng, LAST_NAMES);
    return {
      id,
      companyId: this.company.id,
      seq: i + 1,
      name,
      phone: `+1${place.areaCode}555${String(randInt(rng, 100, 199)).padStart(4, '0')}`,
      email: `info@${slug}.example.com`,
      address: `${randInt(rng, 10, 9999)} ${pick(rng, STREETS)}`,
      city: place.city,
      state: place.state,
      country: 'US',
      postalCode: place.postalCode,
      website: `https://${slug}.example.com`,
      timezone: place.timezone,
      domain: `${slug}.example.com`,
      logoUrl: `https://images.example.com/locationPhotos/${id}.png`,
      firstName: ownerFirst,
      lastName: ownerLast,
    };
  }

  private addLocation(loc: StoredLocation): void {
    this.locations.push(loc);
    this.locationById.set(loc.id, loc);
  }

  /** Seeds users; returns the id of the first agency admin. */
  private seedUsers(rng: Rng, count: number): string {
    const locIds = this.locations.map((l) => l.id);
    const firstCount = FIRST_NAMES.length;
    const lastCount = LAST_NAMES.length;
    const combos = firstCount * lastCount;
    // A shuffled permutation of all (first, last) pairs guarantees unique names (and therefore
    // unique emails) without rejection sampling; beyond it, double-barrelled last names.
    const order = shuffle(
      rng,
      Array.from({ length: combos }, (_, i) => i),
    );
    const usedPhones = new Set<string>();
    let agencyAdminId = '';

    for (let i = 0; i < count; i++) {
      const combo = order[i % combos] as number;
      const firstName = FIRST_NAMES[combo % firstCount] as string;
      let lastName = LAST_NAMES[Math.floor(combo / firstCount)] as string;
      const round = Math.floor(i / combos);
      if (round > 0) lastName = `${lastName}-${LAST_NAMES[(round - 1) % lastCount] as string}`;
      const domain = pick(rng, EMAIL_DOMAINS);
      const email =
        `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9.]+/g, '') + `@${domain}`;

      const newPhone = (): string =>
        `+1 ${pick(rng, AREA_CODES)}-555-${String(randInt(rng, 0, 9999)).padStart(4, '0')}`;
      let phone = newPhone();
      while (usedPhones.has(phone)) phone = newPhone();
      usedPhones.add(phone);

      // Roles: user 0 is the agency admin; users 1..L are one admin per location; the rest are
      // ~6% agency staff and account users spread over one to three locations.
      let type: UserType;
      let role: UserRole;
      let locationIds: string[];
      if (i === 0) {
        type = 'agency';
        role = 'admin';
        locationIds = [...locIds];
      } else if (i <= locIds.length) {
        type = 'account';
        role = 'admin';
        locationIds = [locIds[i - 1] as string];
      } else if (rng() < 0.06) {
        type = 'agency';
        role = rng() < 0.5 ? 'admin' : 'user';
        locationIds = [...locIds];
      } else {
        type = 'account';
        role = rng() < 0.2 ? 'admin' : 'user';
        const n =
          locIds.length === 1 ? 1 : rng() < 0.75 ? 1 : randInt(rng, 2, Math.min(3, locIds.length));
        locationIds = shuffle(rng, [...locIds]).slice(0, n);
      }

      const permissions: Record<string, boolean> = { ...PERMISSION_DEFAULTS };
      if (role === 'user') {
        if (rng() < 0.25) permissions.assignedDataOnly = true;
        if (rng() < 0.2) permissions.settingsEnabled = false;
        if (rng() < 0.15) permissions.paymentsEnabled = false;
      }
      // Live users carry this undocumented switch too. Derived rather than drawn, so the PRNG
      // stream (and every later seeded user) stays as it was.
      permissions[UNDOCUMENTED_SEED_PERMISSION] = role === 'admin' || !permissions.assignedDataOnly;
      const scopes =
        role === 'admin'
          ? [...DEFAULT_USER_SCOPES, 'users/team-management.write', 'settings.write']
          : DEFAULT_USER_SCOPES.filter(() => rng() < 0.8);
      const lcPhone: Record<string, string> = {};
      if (type === 'account' && rng() < 0.3) {
        lcPhone[locationIds[0] as string] = phone.replace(/[^\d+]/g, '');
      }

      const user = this.insertUser({
        id: this.uniqueId(rng),
        companyId: this.company.id,
        firstName,
        lastName,
        email,
        phone,
        extension: rng() < 0.15 ? String(randInt(rng, 100, 999)) : '',
        passwordHash: SEED_PASSWORD_HASH,
        permissions,
        scopes,
        scopesAssignedToOnly: role === 'user' && rng() < 0.3 ? ['contacts.write'] : [],
        roles: { type, role, locationIds, restrictSubAccount: type === 'agency' && rng() < 0.1 },
        lcPhone,
        twilioPhone: {},
        platformLanguage: rng() < 0.8 ? 'en_US' : pick(rng, PLATFORM_LANGUAGES),
        profilePhoto: undefined,
        enabled2waySync: rng() < 0.3,
      });
      if (rng() < 0.35) user.profilePhoto = `https://images.example.com/avatars/${user.id}.png`;
      if (i === 0) agencyAdminId = user.id;
    }
    return agencyAdminId;
  }

  private insertUser(
    fields: Omit<
      StoredUser,
      'seq' | 'deleted' | 'deleteQueued' | 'searchText' | 'phoneDigits' | 'json' | 'jsonSpec'
    >,
  ): StoredUser {
    const user: StoredUser = {
      ...fields,
      seq: this.nextSeq++,
      deleted: false,
      deleteQueued: false,
      searchText: '',
      phoneDigits: '',
      json: null,
      jsonSpec: null,
    };
    touch(user);
    this.users.push(user);
    this.userById.set(user.id, user);
    const list = this.usersByEmail.get(user.email);
    if (list) list.push(user);
    else this.usersByEmail.set(user.email, [user]);
    this.version++;
    return user;
  }

  // ---------------------------------------------------------------- queries

  /** The first admin of a location (the installing user of a Location connection). */
  locationAdminId(locationId: string): string {
    const admin = this.users.find(
      (u) =>
        !u.deleted &&
        u.roles.type === 'account' &&
        u.roles.role === 'admin' &&
        u.roles.locationIds.includes(locationId),
    );
    return admin ? admin.id : this.agencyAdminId;
  }

  /** A non-deleted user with this email in the company, if any. */
  activeUserByEmail(email: string): StoredUser | undefined {
    return this.usersByEmail.get(email.toLowerCase())?.find((u) => !u.deleted);
  }

  usersByEmails(emails: string[]): StoredUser[] {
    const seen = new Set<StoredUser>();
    for (const e of emails) for (const u of this.usersByEmail.get(e) ?? []) seen.add(u);
    return [...seen].sort((a, b) => a.seq - b.seq);
  }

  /**
   * A sorted view for a non-default sort: the users in sort order plus, for every insertion
   * index, its position in that order. Rebuilt lazily after changes.
   */
  private view(field: Exclude<SortField, 'dateAdded'>): SortView {
    const cached = this.sortCache.get(field);
    if (cached && cached.version === this.version) return cached;
    const keyOf = (u: StoredUser): string => {
      switch (field) {
        case 'firstName':
          return u.firstName.toLowerCase();
        case 'lastName':
          return u.lastName.toLowerCase();
        case 'email':
          return u.email;
        default:
          return `${u.firstName} ${u.lastName}`.toLowerCase();
      }
    };
    const keyed = this.users.map((u, i) => ({ k: keyOf(u), i }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
    const order = keyed.map((x) => this.users[x.i] as StoredUser);
    const pos = new Int32Array(this.users.length);
    keyed.forEach((x, p) => {
      pos[x.i] = p;
    });
    const v: SortView = { version: this.version, order, pos };
    this.sortCache.set(field, v);
    return v;
  }

  /**
   * Search Users: deleted users never match. `query` is a case-insensitive substring of the
   * full name, first name, last name or email; a phone-like query (digits, spaces, + - ( ) .)
   * also matches the phone number's digits, so "+1 (512) 555" finds "+1 512-555-0100".
   *
   * Filtering always walks the users in insertion order (memory-friendly: 10,000 users take well
   * under a millisecond); other sort orders only mark hits by position and read the page off.
   */
  searchUsers(
    filter: UserFilter,
    sort: { field: SortField; direction: 'asc' | 'desc' },
    skip: number,
    limit: number,
  ): SearchResult {
    const q = filter.query?.trim().toLowerCase() ?? '';
    const qDigits = q !== '' && /^[\d\s+\-().]+$/.test(q) ? digitsOf(q) : '';
    const { ids, locationId, type, role, enabled2waySync, excludeType } = filter;
    const matches = (u: StoredUser): boolean => {
      if (u.deleted) return false;
      if (excludeType !== undefined && u.roles.type === excludeType) return false;
      if (ids !== undefined && !ids.has(u.id)) return false;
      if (locationId !== undefined && !u.roles.locationIds.includes(locationId)) return false;
      if (type !== undefined && u.roles.type !== type) return false;
      if (role !== undefined && u.roles.role !== role) return false;
      if (enabled2waySync !== undefined && u.enabled2waySync !== enabled2waySync) return false;
      if (q !== '' && !u.searchText.includes(q)) {
        if (qDigits === '' || !u.phoneDigits.includes(qDigits)) return false;
      }
      return true;
    };
    const users = this.users;
    const n = users.length;
    const desc = sort.direction === 'desc';
    const page: StoredUser[] = [];
    let count = 0;
    if (sort.field === 'dateAdded') {
      for (let k = 0; k < n; k++) {
        const u = users[desc ? n - 1 - k : k] as StoredUser;
        if (!matches(u)) continue;
        if (count >= skip && page.length < limit) page.push(u);
        count++;
      }
      return { count, users: page };
    }
    const { order, pos } = this.view(sort.field);
    const hit = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (matches(users[i] as StoredUser)) {
        hit[pos[i] as number] = 1;
        count++;
      }
    }
    let seen = 0;
    for (let k = 0; k < n && page.length < limit; k++) {
      const p = desc ? n - 1 - k : k;
      if (hit[p] === 0) continue;
      if (seen >= skip) page.push(order[p] as StoredUser);
      seen++;
    }
    return { count, users: page };
  }

  /** Non-deleted users of a location, oldest first (deprecated GET /users/?locationId=). */
  usersOfLocation(locationId: string): StoredUser[] {
    return this.users.filter((u) => !u.deleted && u.roles.locationIds.includes(locationId));
  }

  // ---------------------------------------------------------------- mutations

  createUser(input: NewUserInput): StoredUser {
    const user = this.insertUser({
      id: this.newId(),
      companyId: input.companyId,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email.trim().toLowerCase(),
      phone: input.phone ?? '',
      extension: '',
      passwordHash: hashPassword(input.password),
      permissions: { ...PERMISSION_DEFAULTS, ...(input.permissions ?? {}) },
      scopes: input.scopes ? [...input.scopes] : [...DEFAULT_USER_SCOPES],
      scopesAssignedToOnly: input.scopesAssignedToOnly ? [...input.scopesAssignedToOnly] : [],
      roles: {
        type: input.type,
        role: input.role,
        locationIds: [...input.locationIds],
        restrictSubAccount: false,
      },
      lcPhone: {},
      twilioPhone: input.twilioPhone ? { ...input.twilioPhone } : {},
      platformLanguage: input.platformLanguage ?? 'en_US',
      profilePhoto: input.profilePhoto,
      enabled2waySync: false,
    });
    return user;
  }

  /**
   * Applies only the fields present in the patch. `permissions` merges key by key;
   * `scopes`, `scopesAssignedToOnly`, `locationIds` and `twilioPhone` replace the stored value
   * (HighLevel: "If passed empty all the scopes will be get disabled").
   */
  updateUser(user: StoredUser, patch: UserPatch): StoredUser {
    if (patch.firstName !== undefined) user.firstName = patch.firstName;
    if (patch.lastName !== undefined) user.lastName = patch.lastName;
    if (patch.password !== undefined) user.passwordHash = hashPassword(patch.password);
    if (patch.phone !== undefined) user.phone = patch.phone;
    if (patch.type !== undefined) user.roles.type = patch.type;
    if (patch.role !== undefined) user.roles.role = patch.role;
    if (patch.locationIds !== undefined) user.roles.locationIds = [...patch.locationIds];
    if (patch.permissions !== undefined) Object.assign(user.permissions, patch.permissions);
    if (patch.scopes !== undefined) user.scopes = [...patch.scopes];
    if (patch.scopesAssignedToOnly !== undefined) {
      user.scopesAssignedToOnly = [...patch.scopesAssignedToOnly];
    }
    if (patch.profilePhoto !== undefined) user.profilePhoto = patch.profilePhoto;
    if (patch.twilioPhone !== undefined) user.twilioPhone = { ...patch.twilioPhone };
    if (patch.platformLanguage !== undefined) user.platformLanguage = patch.platformLanguage;
    touch(user);
    this.version++;
    return user;
  }

  markDeleted(user: StoredUser): void {
    user.deleted = true;
    user.deleteQueued = false;
    user.json = null;
    user.jsonSpec = null;
    this.version++;
  }
}
