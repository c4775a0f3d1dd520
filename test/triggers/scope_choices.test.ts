// The hidden trigger behind every Scopes dropdown: HighLevel's user scopes from the app's catalog,
// labelled by product area, with no request to HighLevel.
import nock from 'nock';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import App from '../../index';
import { USER_SCOPES } from '../../lib/highlevel/scopes';
import { scopeLabel } from '../../lib/highlevel/scopes';
import { agencyAuth, makeBundle, subAccountAuth } from '../helpers/bundle';
import { ENDPOINT_WORDS } from '../helpers/users';

const appTester = zapier.createAppTester(App);
const trigger = App.triggers.scope_choices;
const { operation } = trigger;
if (operation.type !== 'polling' || typeof operation.perform !== 'function') {
  throw new Error('scope_choices must be a polling trigger with a perform function');
}
const typedPerform = operation.perform;
interface ScopeChoice {
  id: string;
  name: string;
}
/** The choices, typed as the trigger declares its output fields (id and name). */
const perform = async (z: ZObject, bundle: Bundle): Promise<ScopeChoice[]> =>
  (await typedPerform(z, bundle)) as ScopeChoice[];

/** Every request nock saw that no interceptor matched (nock.disableNetConnect refuses them). */
const unmatched: string[] = [];
const onNoMatch = (request: { method?: string; path?: string }) =>
  unmatched.push(`${request.method} ${request.path}`);
beforeEach(() => {
  unmatched.length = 0;
  nock.emitter.on('no match', onNoMatch);
});
afterEach(() => {
  nock.emitter.removeListener('no match', onNoMatch);
});

describe('scope_choices (Scopes dropdown)', () => {
  it('returns every user scope exactly once, as {id: code, name: label}, sorted by label', async () => {
    const choices = await appTester(perform, makeBundle({}, agencyAuth()));
    expect(choices).toHaveLength(USER_SCOPES.length);
    expect(choices.map((choice) => choice.id).sort()).toEqual([...USER_SCOPES].sort());
    expect(new Set(choices.map((choice) => choice.id)).size).toBe(USER_SCOPES.length);
    for (const choice of choices) {
      expect(Object.keys(choice).sort()).toEqual(['id', 'name']);
      expect(choice.name).toBe(scopeLabel(choice.id));
    }
    const names = choices.map((choice) => choice.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(unmatched).toEqual([]);
  });

  it('labels each scope "Area: Words, Action (code)"', async () => {
    const choices = await appTester(perform, makeBundle({}, subAccountAuth()));
    for (const { id, name } of choices) {
      const escaped = id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(name).toMatch(
        new RegExp(`^[A-Z][A-Za-z -]*: [A-Z0-9].*, [A-Z][A-Za-z ]* \\(${escaped}\\)$`),
      );
    }
    expect(choices).toContainEqual({
      id: 'contacts.write',
      name: 'Sub-account: Contacts, Edit (contacts.write)',
    });
    expect(choices).toContainEqual({
      id: 'workflows.readonly',
      name: 'Automation: Workflows, View (workflows.readonly)',
    });
    expect(choices).toContainEqual({
      id: 'users/team-management.write',
      name: 'Team: Users Team Management, Edit (users/team-management.write)',
    });
  });

  it('makes no HTTP request, on either kind of connection', async () => {
    // No nock scope: any request would be refused by disableNetConnect and seen here.
    await appTester(perform, makeBundle({}, agencyAuth()));
    await appTester(perform, makeBundle({}, subAccountAuth()));
    expect(unmatched).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('is a hidden dropdown source with a sample from its own list', async () => {
    expect(trigger.display.hidden).toBe(true);
    expect(trigger.display.description).not.toMatch(ENDPOINT_WORDS);
    const choices = await appTester(perform, makeBundle({}, agencyAuth()));
    expect(choices).toContainEqual(operation.sample);
    expect(operation.outputFields).toEqual([
      { key: 'id', label: 'Scope Code', type: 'string' },
      { key: 'name', label: 'Scope', type: 'string' },
    ]);
  });
});
