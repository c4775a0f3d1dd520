// New User: polls HighLevel's Search Users (GET /users/search), newest first, one page.
import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { ROLE_LABELS, TYPE_LABELS } from '../lib/highlevel/catalog';
import { type UserOutput, USER_RESOURCE } from '../lib/highlevel/user';
import { labelsOf } from '../lib/safety/checks';
import { locationIdField } from '../lib/users/fields';
import { searchUsers } from '../lib/users/search';

const inputFields = defineInputFields([
  {
    key: 'query',
    label: 'Search Query',
    type: 'string',
    required: false,
    helpText:
      'Only users whose full name, email or phone contains this text (HighLevel matches all three). Leave empty for every user. To watch for specific email addresses, use "New User With Email" instead.',
  },
  locationIdField({
    helpText:
      'Only users with access to this sub-account. Leave empty for every user of the agency. On a Sub-account connection it is always the connected sub-account.',
  }),
  {
    key: 'type',
    label: 'User Type',
    type: 'string',
    required: false,
    choices: TYPE_LABELS,
    helpText:
      'Agency users work at the agency level; Sub-account users belong to one or more sub-accounts. Leave empty for both.',
  },
  {
    key: 'role',
    label: 'Role',
    type: 'string',
    required: false,
    choices: ROLE_LABELS,
    helpText: "HighLevel's role: Admins can change settings, Users cannot. Leave empty for both.",
  },
]);

const LABELS = labelsOf(inputFields);

const perform = (async (z, bundle) => {
  const users = await searchUsers(
    z,
    bundle,
    {
      query: bundle.inputData.query,
      locationId: bundle.inputData.locationId,
      type: bundle.inputData.type,
      role: bundle.inputData.role,
      newestFirst: true,
    },
    LABELS,
  );
  return users;
}) satisfies PollingTriggerPerform<typeof inputFields, UserOutput>;

export default defineTrigger({
  key: 'search_users',
  noun: 'User',
  display: {
    label: 'New User',
    description:
      'Triggers when any new HighLevel user is added, optionally only those matching your filters (text, sub-account, type, role).',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    // Sample and output fields come from the User resource (index.ts), shared by every user step.
    resource: USER_RESOURCE,
  },
});
