// New User With Email: polls HighLevel's Filter Users by Email (POST /users/search/filter-by-email).
import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { callApi } from '../lib/highlevel/client';
import { PAGE_SIZE } from '../lib/highlevel/config';
import { companyIdOf, isSubAccount } from '../lib/highlevel/connection';
import { parseUsers, type UserOutput, USER_RESOURCE } from '../lib/highlevel/user';
import { inputError, labelsOf, named, yesNoProblem } from '../lib/safety/checks';
import { flag, list, rawLength } from '../lib/safety/values';
import { HIGHLEVEL, thousands } from '../lib/text';
import { email } from '../lib/users/rules';

const inputFields = defineInputFields([
  {
    key: 'emails',
    label: 'Emails',
    type: 'string',
    list: true,
    required: true,
    helpText:
      'The email addresses to watch (up to 100), one per line, or one mapped comma-separated value. ' +
      'The Zap runs when a HighLevel user with one of them shows up. Needs an Agency connection.',
  },
  {
    key: 'deleted',
    label: 'Deleted Users',
    type: 'boolean',
    required: false,
    helpText:
      "Yes: watch for **deleted** users with these emails instead of active ones. Empty or No: active users only (HighLevel's default). To react to any user's deletion, use the Deleted User trigger instead.",
  },
]);

const LABELS = labelsOf(inputFields);

const invalidEmails = (problem: string): Error =>
  inputError([`${named('emails', LABELS)} ${problem}`]);

// 100 addresses of the longest kind: anything longer cannot be a list this trigger takes.
const MAX_EMAILS_TEXT = PAGE_SIZE * 255;

/**
 * The emails as HighLevel wants them: ONE comma-separated string. Each is checked first (a typo
 * would silently match nobody), then lower-cased and de-duplicated: email addresses are matched
 * without regard to case, and HighLevel keeps users' emails in lower case.
 */
const emailList = (value: unknown): string => {
  const length = rawLength(value);
  if (length > MAX_EMAILS_TEXT) {
    throw invalidEmails(
      `is too long (${thousands(length)} characters); one trigger watches at most ${PAGE_SIZE} addresses`,
    );
  }
  // A value mapped into one line of the list arrives as one item holding "a@x.com,b@y.com".
  const items = list(Array.isArray(value) ? value.join(',') : value);
  if (!Array.isArray(items)) throw invalidEmails('is required');
  const bad: string[] = [];
  const emails = new Set<string>();
  for (const item of items) {
    const parsed = email().safeParse(item);
    if (parsed.success) emails.add(parsed.data.toLowerCase());
    // JSON text, not String(): a mapped object such as {"toString": {}} has no usable String().
    else bad.push(JSON.stringify(item));
  }
  if (bad.length) {
    throw invalidEmails(
      `must hold valid email addresses, like jane@example.com; these are not: ${bad.join(', ')}`,
    );
  }
  // Active users' emails are unique, so 100 emails never match more than the one page we read.
  if (emails.size > PAGE_SIZE) {
    throw invalidEmails(
      `holds ${emails.size} addresses; one trigger can watch at most ${PAGE_SIZE}`,
    );
  }
  return [...emails].join(',');
};

const perform = (async (z, bundle) => {
  // HighLevel documents this endpoint for agency tokens only and refuses sub-account tokens, with
  // an error that would read like a broken connection: say what to do instead, before any call.
  if (isSubAccount(bundle.authData)) {
    throw new z.errors.Error(
      `New User With Email needs an Agency connection: ${HIGHLEVEL} allows Filter Users by Email only ` +
        'for agencies, not for a Sub-account connection. Reconnect HighLevel with Account Level ' +
        '"Agency", or use the New User trigger with the email as its Search Query instead.',
      'agency_only',
      400,
    );
  }
  const emails = emailList(bundle.inputData.emails);
  const deleted = flag(bundle.inputData.deleted);
  const notYesNo = yesNoProblem(deleted, 'deleted', LABELS);
  if (notYesNo !== undefined) throw inputError([notYesNo]);
  const body = {
    companyId: companyIdOf(bundle.authData),
    emails,
    // "all" returns whole users; without it HighLevel sends only id and email.
    projection: 'all',
    limit: String(PAGE_SIZE),
    skip: '0',
    ...(deleted === undefined ? {} : { deleted }),
  };
  const data = await callApi(z, {
    method: 'POST',
    path: '/users/search/filter-by-email',
    body,
  });
  // The endpoint takes no sort: users come in HighLevel's order, which is kept. Only addresses
  // asked for are passed on, whatever else an answer holds.
  const asked = new Set(body.emails.split(','));
  return parseUsers(z, data, 'the email filter').filter((user) =>
    asked.has(user.email.toLowerCase()),
  );
}) satisfies PollingTriggerPerform<typeof inputFields, UserOutput>;

export default defineTrigger({
  key: 'filter_users_by_email',
  noun: 'User',
  display: {
    label: 'New User With Email',
    description:
      'Triggers when a HighLevel user with one of the email addresses you list appears (or, optionally, is deleted), on an Agency connection.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    // Sample and output fields come from the User resource (index.ts), shared by every user step.
    resource: USER_RESOURCE,
  },
});
