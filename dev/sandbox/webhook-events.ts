/**
 * HighLevel's user webhook events as data: what each change is called and the body it carries
 * (docs/highlevel-behaviour.md W3, W4). Signing and posting them is the HTTP layer's (webhooks.ts).
 */
import type { StoredUser } from './store';
import { userJsonOf } from './user-json';

/** What happened to the user: POST /users/, PUT /users/{id}, or a queued deletion took effect. */
export type UserEventKind = 'create' | 'update' | 'delete';

/**
 * Which `type` spelling the events carry. The developer document names UserCreate; the help
 * centre names user.created; which one HighLevel sends is unknown (W3), so 'both' sends each
 * change twice, once per spelling, for an app that must accept either.
 */
export type WebhookEventNaming = 'legacy' | 'dotted' | 'both';

export const WEBHOOK_EVENT_NAMINGS: readonly WebhookEventNaming[] = ['legacy', 'dotted', 'both'];

const EVENT_TYPES: Record<'legacy' | 'dotted', Record<UserEventKind, string>> = {
  legacy: { create: 'UserCreate', update: 'UserUpdate', delete: 'UserDelete' },
  dotted: { create: 'user.created', update: 'user.updated', delete: 'user.deleted' },
};

/** The `type` of each event one change sends, in the order they are sent. */
export function userEventTypes(naming: WebhookEventNaming, kind: UserEventKind): string[] {
  if (naming === 'both') return [EVENT_TYPES.legacy[kind], EVENT_TYPES.dotted[kind]];
  return [EVENT_TYPES[naming][kind]];
}

/** A user event's body, in the order of webhook-UserCreate.md's schema after the envelope. */
export interface UserEventBody {
  type: string;
  timestamp: string;
  webhookId: string;
  companyId: string;
  locationId?: string;
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  extension: string;
  role: string;
  permissions: Record<string, boolean>;
  locations: string[];
}

/**
 * The event for a user as it is now. No user `type` (agency/account): HighLevel's event has none,
 * its `type` is the event's name (W4). `locationId` only for a sub-account user of exactly one
 * sub-account, as the document's two examples show (its agency user of one location has none).
 */
export function userEventBody(
  type: string,
  user: StoredUser,
  spec: boolean,
  envelope: { timestamp: string; webhookId: string },
): UserEventBody {
  const json = userJsonOf(user, spec);
  const locations = [...json.roles.locationIds];
  const only = json.roles.type === 'account' && locations.length === 1 ? locations[0] : undefined;
  return {
    type,
    timestamp: envelope.timestamp,
    webhookId: envelope.webhookId,
    companyId: user.companyId,
    ...(only !== undefined ? { locationId: only } : {}),
    id: json.id,
    firstName: json.firstName,
    lastName: json.lastName,
    email: json.email,
    phone: json.phone,
    extension: json.extension,
    role: json.roles.role,
    permissions: json.permissions,
    locations,
  };
}
