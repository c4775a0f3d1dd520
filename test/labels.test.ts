// What a Zapier user reads in the editor, across every operation: HighLevel's UI words
// ("Sub-account", never "Location"), no endpoint names in descriptions, labelled output fields.
import App from '../index';
import { compiledApp } from './helpers/definition';
import { PERMISSION_KEYS } from '../lib/highlevel/catalog';
import { PERMISSION_LABELS } from '../lib/highlevel/catalog';
import { scopeChoices } from '../lib/highlevel/scopes';
import { USER_SCOPES } from '../lib/highlevel/scopes';
import { ENDPOINT_WORDS } from './helpers/users';

type Display = { label: string; description: string; hidden?: boolean };
type Operation = { inputFields?: unknown; outputFields?: unknown };

// API Request is about endpoints by nature; another team owns it.
const OWN_ELSEWHERE = new Set(['api_request']);

const entries = (): Array<[string, Display, Operation]> =>
  (['triggers', 'creates', 'searches'] as const).flatMap((kind) =>
    Object.entries(compiledApp[kind] ?? {})
      .filter(([key]) => !OWN_ELSEWHERE.has(key))
      .map(([key, entry]): [string, Display, Operation] => {
        const { display, operation } = entry as { display: Display; operation: Operation };
        return [`${kind}.${key}`, display, operation];
      }),
  );

const staticFields = (list: unknown): Array<Record<string, unknown>> =>
  Array.isArray(list)
    ? list.filter(
        (field: unknown): field is Record<string, unknown> =>
          field !== null && typeof field === 'object',
      )
    : [];

describe('descriptions and labels', () => {
  it.each(entries())('%s names no endpoint in its description', (_name, display) => {
    expect(display.description).toMatch(/^(Triggers when|Creates|Updates|Deletes|Finds)/);
    expect(display.description).not.toMatch(ENDPOINT_WORDS);
  });

  it.each(entries())(
    '%s says "Sub-account", never "Location", in its labels',
    (_name, display, operation) => {
      expect(display.label).not.toMatch(/location/i);
      for (const field of [
        ...staticFields(operation.inputFields),
        ...staticFields(operation.outputFields),
      ]) {
        expect({ key: field.key, label: field.label }).not.toEqual({
          key: field.key,
          label: expect.stringMatching(/location/i),
        });
        if (field.key === 'locationId') expect(field.label).toBe('Sub-account');
        if (field.key === 'locationIds') expect(field.label).toBe('Sub-accounts');
      }
    },
  );

  it('names the trigger for one sub-account "New User in Sub-account"', () => {
    expect(App.triggers.list_users_by_location.display.label).toBe('New User in Sub-account');
  });
});

// The hidden User dropdown (user_choices) is left out: only its ID and label are ever read.
describe('the user output fields', () => {
  const userOperations = entries().filter(([name]) =>
    /get_user|search_users|filter_users_by_email|list_users_by_location|create_user|update_user|find_user/.test(
      name,
    ),
  );

  it.each(userOperations)('%s labels all 38 permission switches', (_name, _display, operation) => {
    const fields = staticFields(operation.outputFields);
    expect(PERMISSION_KEYS).toHaveLength(38);
    for (const key of PERMISSION_KEYS) {
      expect(fields).toContainEqual({
        key: `permissions__${key}`,
        label: `Permissions: ${PERMISSION_LABELS[key]}`,
        type: 'boolean',
      });
    }
    expect(fields).toContainEqual({
      key: 'permissions__contactsEnabled',
      label: 'Permissions: Contacts',
      type: 'boolean',
    });
    for (const field of fields) expect(field.label).toEqual(expect.any(String));
  });
});

describe('scope labels', () => {
  it('label every user scope once, "Area: Words, Action (code)", sorted', () => {
    const choices = scopeChoices();
    expect(choices.map((choice) => choice.id).sort()).toEqual([...USER_SCOPES].sort());
    const names = choices.map((choice) => choice.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const { id, name } of choices) expect(name.endsWith(` (${id})`)).toBe(true);
  });
});

describe('one label per value, in HighLevel’s words', () => {
  it.each(entries())(
    '%s labels no value twice and shows no API code in a label',
    (_name, _d, operation) => {
      const fields = staticFields(operation.outputFields);
      const labels = fields.map((field) => field.label);
      expect(labels.filter((label, i) => labels.indexOf(label) !== i)).toEqual([]);
      // The same value nested and lifted ("User Type" and "Roles: User Type") is declared once.
      expect(
        fields.map((field) => String(field.key)).filter((key) => key.startsWith('roles__')),
      ).toEqual([]);
      for (const label of labels)
        expect(label).not.toMatch(/\((agency|account|admin|user)\b| or account\)/);
    },
  );

  it.each([
    ['reporting/reports.readonly', 'Reporting: Reports, View (reporting/reports.readonly)'],
    ['payments/orders.export', 'Payments: Orders, Export (payments/orders.export)'],
    ['locations/tags.write', 'Sub-account: Tags, Edit (locations/tags.write)'],
    ['wordpress.read', 'Sites: WordPress, View (wordpress.read)'],
    ['ai-studio.readonly', 'AI: AI Studio, View (ai-studio.readonly)'],
    ['askai.write', 'AI: Ask AI, Edit (askai.write)'],
    ['copilot.readonly', 'AI: Copilot, View (copilot.readonly)'],
    ['pipelines.create', 'Sub-account: Pipelines, Create (pipelines.create)'],
  ])('labels %s as %j', (code, label) => {
    expect(scopeChoices()).toContainEqual({ id: code, name: label });
  });
});
