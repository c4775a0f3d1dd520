// Hidden: feeds the Scopes dropdowns with HighLevel's user scopes, labelled and grouped by product
// area. No request: the list is the app's catalog. A dropdown keeps the definition small (200
// static choices in six fields were a tenth of it) and is searchable by typing.
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { scopeChoices } from '../lib/highlevel/scopes';

interface ScopeChoice {
  id: string;
  name: string;
}

const perform = (async () => scopeChoices()) satisfies PollingTriggerPerform<
  Record<string, unknown>,
  ScopeChoice
>;

export default defineTrigger({
  key: 'scope_choices',
  noun: 'Scope',
  display: {
    label: 'Scope Choices',
    description:
      "Triggers when a Scopes dropdown loads: lists HighLevel's user scopes by product area.",
    hidden: true,
  },
  operation: {
    type: 'polling',
    perform,
    sample: { id: 'contacts.write', name: 'Sub-account: Contacts, Edit (contacts.write)' },
    outputFields: [
      { key: 'id', label: 'Scope Code', type: 'string' },
      { key: 'name', label: 'Scope', type: 'string' },
    ],
  },
});
