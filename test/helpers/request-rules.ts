// Strict zod schemas of every request the app may send (documented fields only, values as
// lib/users/rules.ts wants): the fuzz tests hold captured requests to them, reference.test.ts the docs.
import { z } from 'zod';
import { PERMISSION_KEYS } from '../../lib/highlevel/catalog';
import * as rules from '../../lib/users/rules';

const numeric = z.string().regex(/^\d+$/);
// HighLevel's lists grow, and the app relays what the catalog does not know yet: any well-formed
// scope code, and any switch shaped like HighLevel's (lowerCamelCase of two words or more).
export const SCOPE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;
export const SWITCH_SHAPE = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;
const sentScopes = z.array(z.string().regex(SCOPE_SHAPE));
const permissions = z
  .object(Object.fromEntries(PERMISSION_KEYS.map((key) => [key, z.boolean().optional()])))
  .catchall(z.boolean())
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!SWITCH_SHAPE.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: 'not a switch name' });
    }
  });

export const requestRules = {
  id: () => rules.id(),
  searchUsersQuery: z.strictObject({
    companyId: rules.id('company ID'),
    query: rules.searchText().optional(),
    skip: numeric.optional(),
    limit: numeric.optional(),
    locationId: rules.id('sub-account ID').optional(),
    type: rules.userType().optional(),
    role: rules.userRole().optional(),
    sort: z.string().optional(),
    sortDirection: z.enum(['asc', 'desc']).optional(),
    ids: z.string().optional(),
    enabled2waySync: z.boolean().optional(),
  }),
  filterByEmailBody: z.strictObject({
    companyId: rules.id('company ID'),
    emails: z.string().min(3),
    deleted: z.boolean().optional(),
    skip: numeric.optional(),
    limit: numeric.optional(),
    projection: z.string().optional(),
  }),
  createUserBody: z.strictObject({
    companyId: rules.id('company ID'),
    firstName: rules.name(),
    lastName: rules.name(),
    email: rules.email(),
    password: rules.password(),
    phone: rules.phone().optional(),
    type: rules.userType(),
    role: rules.userRole(),
    locationIds: rules.locationIds(),
    permissions: permissions.optional(),
    scopes: sentScopes.optional(),
    scopesAssignedToOnly: sentScopes.optional(),
    profilePhoto: rules.url().optional(),
    platformLanguage: rules.language().optional(),
  }),
  updateUserBody: z.strictObject({
    companyId: rules.id('company ID').optional(),
    firstName: rules.name().optional(),
    lastName: rules.name().optional(),
    password: rules.password().optional(),
    phone: rules.phone().optional(),
    type: rules.userType().optional(),
    role: rules.userRole().optional(),
    locationIds: rules.locationIds().optional(),
    permissions: permissions.optional(),
    scopes: sentScopes.optional(),
    scopesAssignedToOnly: sentScopes.optional(),
    profilePhoto: rules.url().optional(),
    platformLanguage: rules.language().optional(),
  }),
};
