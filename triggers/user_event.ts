// New, Updated or Deleted User (Instant): HighLevel posts every event of a Marketplace app to the
// one webhook URL the app has, and offers no API to register more, so this is a static webhook:
// the user pastes the Zap's URL into their own Marketplace app. Only HighLevel's own user events
// fire: each is verified over its raw body, and a stale or repeated one fires nothing.
import { defineInputFields, defineTrigger } from 'zapier-platform-core';
import type { WebhookTriggerPerform, WebhookTriggerPerformList } from 'zapier-platform-core';
import { userOutputFieldsOf, userSample } from '../lib/highlevel/user';
import {
  MAX_AGE_MS,
  rawBodyOf,
  signatureProblem,
  userEventKind,
  userFromEvent,
  type UserEventKind,
  type UserEventOutput,
} from '../lib/highlevel/webhooks';
import { inputError, labelsOf, named } from '../lib/safety/checks';
import { asString, isRecord, list } from '../lib/safety/values';
import { searchUsers } from '../lib/users/search';

const EVENTS: Record<UserEventKind, string> = {
  created: 'Created',
  updated: 'Updated',
  deleted: 'Deleted',
};

const inputFields = defineInputFields([
  {
    key: 'setup',
    type: 'copy',
    helpText:
      '**Set up once, in your own HighLevel Marketplace app:** 1. Copy the webhook URL Zapier shows ' +
      'for this trigger. 2. At marketplace.gohighlevel.com open _My Apps_, your app, then ' +
      '_Advanced Settings → Webhooks_, and paste it as the webhook URL. 3. Switch on the user ' +
      'events (UserCreate, and the user updated and deleted events) and save. 4. Turn this Zap on. ' +
      'HighLevel sends every event of a Marketplace app to its one webhook URL, so one Zap per ' +
      'Marketplace app can receive them; for more Zaps, use New User, Updated User and Deleted ' +
      'User, which poll.',
  },
  {
    key: 'events',
    label: 'Events',
    type: 'string',
    list: true,
    required: false,
    choices: EVENTS,
    helpText: 'Which user events run the Zap. Leave empty for all three.',
  },
]);

const LABELS = labelsOf(inputFields);

/** The events chosen; all three when none is. */
const wantedEvents = (value: unknown): Set<UserEventKind> => {
  const chosen = list(value);
  if (!Array.isArray(chosen)) return new Set(Object.keys(EVENTS) as UserEventKind[]);
  const kinds = chosen.map((item) =>
    typeof item === 'string' ? (item.toLowerCase() as UserEventKind) : undefined,
  );
  const bad = chosen.filter((_item, i) => !(kinds[i] !== undefined && kinds[i] in EVENTS));
  if (bad.length) {
    throw inputError([
      `${named('events', LABELS)} has ${bad.map((item) => JSON.stringify(item)).join(', ')}: pick Created, Updated or Deleted`,
    ]);
  }
  return new Set(kinds as UserEventKind[]);
};

// Replays are refused for as long as a delivery is accepted at all, and then some.
const REPLAY_SECONDS = 3600;

const perform = (async (z, bundle) => {
  const ignore = (why: string): UserEventOutput[] => {
    z.console.log(`Ignored a webhook request: ${why}. Nothing fired.`);
    return [];
  };
  const wanted = wantedEvents(bundle.inputData.events);
  const body = rawBodyOf(bundle);
  if (body === undefined) return ignore('it has no body');
  const problem = signatureProblem(body, bundle.rawRequest?.headers ?? {});
  if (problem) return ignore(`it is not from HighLevel: ${problem}`);
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return ignore('its body is not JSON');
  }
  if (!isRecord(payload)) return ignore('its body is not a JSON object');
  // Contacts, appointments and the rest reach the same URL: not for this trigger, and no noise.
  const event = userEventKind(payload.type);
  if (event === undefined || !wanted.has(event)) return [];
  const sent = typeof payload.timestamp === 'string' ? Date.parse(payload.timestamp) : Number.NaN;
  if (!Number.isNaN(sent) && Math.abs(Date.now() - sent) > MAX_AGE_MS) {
    return ignore(`its timestamp (${String(payload.timestamp)}) is more than 5 minutes away`);
  }
  const webhookId = asString(payload.webhookId);
  if (webhookId !== '') {
    const key = `user-event:${webhookId}`;
    if (await z.cache.get(key)) return ignore(`webhook ${webhookId} was already received`);
    await z.cache.set(key, 1, REPLAY_SECONDS);
  }
  return [userFromEvent(payload, event)];
}) satisfies WebhookTriggerPerform<typeof inputFields, UserEventOutput>;

// Real users, newest first, as a created event would carry them.
const performList = (async (z, bundle) =>
  (await searchUsers(z, bundle, { newestFirst: true })).slice(0, 3).map((user) => ({
    ...user,
    event: 'created' as const,
    webhookId: '',
    companyId: bundle.authData.companyId ?? '',
    locationId: user.locationIds.length === 1 ? (user.locationIds[0] as string) : '',
  }))) satisfies WebhookTriggerPerformList<typeof inputFields, UserEventOutput>;

const sample: UserEventOutput = {
  ...userSample,
  type: '',
  event: 'created',
  webhookId: '3f5a8d2e-6c1b-4e9a-9d7f-2b8c4a1e0f63',
  companyId: 'Xc0mP4nY9aGeNcY12345',
  locationId: 'k3Jd9QwE1rTy7UiO5pAs',
};

export default defineTrigger({
  key: 'user_event',
  noun: 'User',
  display: {
    label: 'New, Updated or Deleted User (Instant)',
    description:
      'Triggers when a HighLevel user is created, updated or deleted, at once, through your own Marketplace app’s webhook.',
  },
  operation: {
    type: 'hook',
    inputFields,
    perform,
    performList,
    sample,
    outputFields: [
      { key: 'event', label: 'Event (created, updated or deleted)', type: 'string' },
      { key: 'webhookId', label: 'Webhook ID', type: 'string' },
      ...userOutputFieldsOf([
        'id',
        'name',
        'firstName',
        'lastName',
        'email',
        'phone',
        'role',
        'locationIds[]',
      ]),
      { key: 'companyId', label: 'Agency ID', type: 'string' },
      { key: 'locationId', label: 'Sub-account', type: 'string' },
      ...userOutputFieldsOf(['deleted']),
    ],
  },
});
