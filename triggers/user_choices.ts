// Hidden: feeds every User dropdown, 100 users per page (GET /users/search).
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { userLabel, userSample, type UserOutput } from '../lib/highlevel/user';
import { searchUsers } from '../lib/users/search';

const perform = (async (z, bundle) => {
  // Alphabetical (HighLevel's default order, by first and last name, so no `sort` is sent): a
  // dropdown is scanned for a name, and the order stays put while Zapier loads further pages.
  const users = await searchUsers(z, bundle, { page: bundle.meta.page ?? 0, newestFirst: false });
  return users.map((user) => ({ ...user, name: userLabel(user) }));
}) satisfies PollingTriggerPerform<Record<string, unknown>, UserOutput>;

// Hidden: only the dropdown reads its results (the ID and the label), so the sample and output
// fields say just that; the whole user is still returned.
const sample = { id: userSample.id, name: userLabel(userSample) };

export default defineTrigger({
  key: 'user_choices',
  noun: 'User',
  display: {
    label: 'User Choices',
    description:
      'Triggers when a User dropdown loads: lists HighLevel users by name, 100 per page.',
    hidden: true,
  },
  operation: {
    type: 'polling',
    perform,
    canPaginate: true,
    sample,
    outputFields: [
      { key: 'id', label: 'User ID', type: 'string' },
      { key: 'name', label: 'User (Name and Email)', type: 'string' },
    ],
  },
});
