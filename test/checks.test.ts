// lib/safety/checks.ts and the rules of lib/users/rules.ts: IDs that go into URL paths, input
// checks that name the field the user must fix, and HighLevel answers that do not look like what
// was documented.
import { z } from 'zod';
import { parseUser } from '../lib/highlevel/user';
import { checkInput, pathId } from '../lib/safety/checks';
import * as rules from '../lib/users/rules';
import { shown, thrownBy } from './helpers/errors';
import { requestRules } from './helpers/request-rules';

describe('pathId', () => {
  it.each([
    ['0IHuJvc2ofPAAA8GzTRi', '0IHuJvc2ofPAAA8GzTRi'],
    ['abc_DEF-123', 'abc_DEF-123'],
    ['  ve9EPM428h8vShlRW1KT  ', 've9EPM428h8vShlRW1KT'],
  ])('passes %j as %j', (value, encoded) => {
    expect(pathId(value, 'userId', 'User')).toBe(encoded);
  });

  const unsafe =
    'must be a single HighLevel ID: letters and digits only, like Tq8v2LmZ4xNc7RbW1sKd';

  it.each([
    ['abc/def', unsafe],
    ['../admin', unsafe],
    ['..', unsafe],
    ['abc?x=1', unsafe],
    ['abc#top', unsafe],
    ['a b', unsafe],
    ['a\tb', unsafe],
    ['a\\b', unsafe],
    ['a%2Fb', unsafe],
    ['a.b', unsafe],
    ['usér-ü', unsafe],
    ['用户', unsafe],
    ['a+b=c&d', unsafe],
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['x'.repeat(129), 'is too long to be a HighLevel ID'],
    [42, 'must be a text ID'],
    [{ id: 'x' }, 'must be a text ID'],
    [undefined, 'is required'],
    [null, 'is required'],
  ])('refuses %j, naming the field', (value, problem) => {
    expect(shown(thrownBy(() => pathId(value, 'userId', 'User')))).toEqual({
      name: 'AppError',
      code: 'invalid_input',
      status: 400,
      message: `Please fix this field: User (userId) ${problem}.`,
    });
  });
});

describe('checkInput', () => {
  const labels = {
    companyId: 'Company ID',
    email: 'Email',
    firstName: 'First Name',
    lastName: 'Last Name',
    password: 'Password',
    type: 'User Type',
    role: 'Role',
    locationIds: 'Locations',
    permissions: 'Permissions',
    phone: 'Phone',
  };
  const valid = {
    companyId: 'UAXssdawIWAWD',
    firstName: ' John ',
    lastName: 'Deo',
    email: 'john@deo.com',
    password: 'Secret-Passw0rd',
    type: 'account',
    role: 'user',
    locationIds: ['C2QujeCh8ZnC7al2InWR'],
  };

  it('returns the parsed input (trimmed) when it is valid', () => {
    expect(checkInput(requestRules.createUserBody, valid, labels)).toEqual({
      ...valid,
      firstName: 'John',
    });
  });

  it('names one bad field with its label and key', () => {
    const error = shown(
      thrownBy(() =>
        checkInput(requestRules.createUserBody, { ...valid, email: 'john-at-deo' }, labels),
      ),
    );
    expect(error).toEqual({
      name: 'AppError',
      code: 'invalid_input',
      status: 400,
      message:
        'Please fix this field: Email (email) must be a valid email address, like jane@example.com.',
    });
  });

  it('lists every bad field in one message, required ones as "is required"', () => {
    const rest: Record<string, unknown> = { ...valid };
    delete rest.firstName;
    delete rest.lastName;
    const error = shown(
      thrownBy(() => checkInput(requestRules.createUserBody, { ...rest, role: 'owner' }, labels)),
    );
    expect(error.message).toBe(
      'Please fix these fields: First Name (firstName) is required; Last Name (lastName) is ' +
        'required; Role (role) must be one of: admin, user.',
    );
  });

  it('tells a wrong value from a missing one', () => {
    const error = shown(
      thrownBy(() =>
        checkInput(
          requestRules.createUserBody,
          { ...valid, firstName: 123, lastName: null },
          labels,
        ),
      ),
    );
    expect(error.message).toBe(
      'Please fix these fields: First Name (firstName) must be text; Last Name (lastName) must be text.',
    );
  });

  it('names a list item by its field and its value, as the form shows them', () => {
    const error = shown(
      thrownBy(() =>
        checkInput(
          requestRules.createUserBody,
          {
            ...valid,
            locationIds: ['ok1', 'bad/id'],
          },
          labels,
        ),
      ),
    );
    expect(error.message).toBe(
      'Please fix this field: Locations (locationIds) has "bad/id", which must be a single ' +
        'HighLevel sub-account ID: letters and digits only, like Tq8v2LmZ4xNc7RbW1sKd.',
    );
  });

  it('refuses a field the step does not take, by its key when it has no label', () => {
    const error = shown(
      thrownBy(() =>
        checkInput(requestRules.updateUserBody, { email: 'new@deo.com', nickname: 'JD' }, labels),
      ),
    );
    expect(error.message).toBe(
      'Please fix these fields: Email (email) is not a field this step accepts; nickname ' +
        '(nickname) is not a field this step accepts.',
    );
  });

  it('says "Input" when the whole value is wrong', () => {
    const error = shown(
      thrownBy(() => checkInput(requestRules.updateUserBody, 'not an object', labels)),
    );
    expect(error.message).toMatch(/^Please fix this field: Input /);
  });
});

describe("HighLevel's password policy", () => {
  const labels = { password: 'Password' };
  const passwordRule = z.strictObject({ password: rules.password() });

  it.each(['Secret-Passw0rd', 'Aa1!aaaaaaaa', 'Ünïcödé-Pass1word'])('accepts %j', (password) => {
    expect(checkInput(passwordRule, { password }, labels)).toEqual({ password });
  });

  it.each([
    ['short1!A', 'at least 12 characters'],
    ['alllowercase-1', 'an upper-case letter (A-Z)'],
    ['ALLUPPERCASE-1', 'a lower-case letter (a-z)'],
    ['No-Digits-Here', 'a digit (0-9)'],
    ['NoSpecials123', 'a special character such as ! @ # $'],
    ['Spaces Are 1 Not Special', 'a special character such as ! @ # $'],
    [
      'abc',
      'at least 12 characters, an upper-case letter (A-Z), a digit (0-9) and a special character such as ! @ # $',
    ],
  ])('refuses %j, listing what it lacks and never the password', (password, rules) => {
    const error = shown(thrownBy(() => checkInput(passwordRule, { password }, labels)));
    expect(error).toEqual({
      name: 'AppError',
      code: 'invalid_input',
      status: 400,
      message: `Please fix this field: Password (password) must have ${rules} (HighLevel's password policy).`,
    });
    expect(error.message).not.toContain(password);
  });
});

describe('parseUser', () => {
  it('returns a documented answer, keeping fields it does not know', () => {
    const user = { id: 'u1', name: 'John Deo', futureField: 1 };
    expect(parseUser(user, 'the user')).toMatchObject(user);
  });

  it.each([
    ['null', null],
    ['a user without id', { name: 'John' }],
    ['a list where an object belongs', [{ id: 'u1' }]],
    ['a string', '<html>'],
  ])('reports %s readably, without zod’s words', (_label, data) => {
    const error = shown(thrownBy(() => parseUser(data, 'Get User')));
    expect(error).toEqual({
      name: 'AppError',
      code: 'unexpected_response',
      status: undefined,
      message:
        'HighLevel returned an unexpected response for Get User; please try again, and contact ' +
        'support if it keeps happening.',
    });
  });
});
