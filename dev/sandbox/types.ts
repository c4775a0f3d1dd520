/**
 * Types shared below the HTTP layer: a user's roles, its public shape, what Create and Update
 * User write, what Search Users filters and sorts by, and an answer as data. Types only, so
 * validation and behaviour.ts depend on these rather than on the store or the HTTP code.
 */
export type UserType = 'agency' | 'account';
export type UserRole = 'admin' | 'user';

export interface UserRoles {
  type: UserType;
  role: UserRole;
  locationIds: string[];
  restrictSubAccount: boolean;
}

/**
 * The user object as HighLevel answers it. `scopes` / `scopesAssignedToOnly` are arrays (real
 * HighLevel) or, in `spec` mode, one string / absent (the document's UserSchema).
 */
export interface UserJson {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  extension: string;
  permissions: Record<string, boolean>;
  scopes?: string[] | string;
  scopesAssignedToOnly?: string[];
  roles: UserRoles;
  deleted: boolean;
  lcPhone: Record<string, string>;
  platformLanguage: string;
  profilePhoto?: string;
}

export interface NewUserInput {
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  phone?: string;
  type: UserType;
  role: UserRole;
  locationIds: string[];
  permissions?: Record<string, boolean>;
  scopes?: string[];
  scopesAssignedToOnly?: string[];
  profilePhoto?: string;
  twilioPhone?: Record<string, string>;
  platformLanguage?: string;
}

export type UserPatch = Partial<Omit<NewUserInput, 'companyId' | 'email'>>;

export interface UserFilter {
  query?: string;
  locationId?: string;
  type?: string;
  role?: string;
  ids?: Set<string>;
  enabled2waySync?: boolean;
  /** Leave out users of this `roles.type` (sub-account tokens and agency users, behaviour.ts). */
  excludeType?: UserType;
}

export type SortField = 'dateAdded' | 'name' | 'firstName' | 'lastName' | 'email';

/**
 * An HTTP answer as plain data, so behaviour.ts can decide one without importing the HTTP layer.
 * A RouteResult takes it as it is; `HttpError.from` throws it.
 */
export interface Answer {
  status: number;
  json: unknown;
  headers?: Record<string, string>;
}
