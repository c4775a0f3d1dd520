// The rule of each kind of value a user's field holds, written once: the form check of Create and
// Update User is made of these (lib/users/form.ts), and so the bodies sent are made of checked
// values. Each rule is built on first use (zod loads lazily: lib/zod.ts).
import { passwordProblems } from '../safety/password';
import { idRuleProblem } from '../safety/checks';
import { SCOPE_CODE } from '../highlevel/scopes';
import { PLATFORM_LANGUAGES, USER_ROLES, USER_TYPES } from '../highlevel/catalog';
import { andList } from '../text';
import type * as Zod from 'zod';
import { once, zod } from '../zod';

// HighLevel documents no length limits; these only stop absurd values (a pasted document in a
// name field) before they reach HighLevel. Emails follow RFC 5321's 254.
export const MAX_NAME = 255;
const MAX_TEXT = 2000;

/**
 * Zapier's request client removes `{{…}}` from the text it sends (it reads it as a field reference),
 * so a name or password holding one would reach HighLevel changed: refused instead.
 */
const hasCurlies = (value: string): boolean => {
  const open = value.indexOf('{{');
  return open !== -1 && value.indexOf('}}', open + 2) !== -1;
};

const CURLIES = "must not contain {{…}}: Zapier's request client would remove it before sending";

const withoutCurlies = <S extends Zod.ZodType<string>>(schema: S) =>
  schema.refine((value) => !hasCurlies(value), { error: CURLIES });

export const id = (what = 'ID') =>
  zod()
    .string({ error: `must be a text ${what}` })
    .trim()
    .superRefine((value, ctx) => {
      const problem = idRuleProblem(value, what);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const name = once(() =>
  withoutCurlies(
    zod()
      .string({ error: 'must be text' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` }),
  ),
);

export const email = once(() =>
  zod()
    .string({ error: 'must be text' })
    .trim()
    .max(254, { error: 'is too long to be an email address' })
    .pipe(zod().email({ error: 'must be a valid email address, like jane@example.com' })),
);

// HighLevel stores phones as typed (its own example is "+1 808-868-8888"); refuse what cannot be a
// phone number: 7 to 15 digits (E.164) with the usual separators and an optional leading +.
export const phone = once(() =>
  zod()
    .string({ error: 'must be text' })
    .trim()
    .max(32, { error: 'is too long to be a phone number' })
    .refine((value) => /^\+?[\d\s().-]+$/.test(value), {
      error:
        'must be a phone number such as +1 808-868-8888 (digits, spaces, ( ) . - and a leading +)',
    })
    .refine(
      (value) => {
        const digits = value.replace(/\D/g, '').length;
        return digits >= 7 && digits <= 15;
      },
      { error: 'must have between 7 and 15 digits' },
    ),
);

// HighLevel's policy: the message lists every rule broken and never the password itself.
export const password = once(() =>
  zod()
    .string({ error: 'must be text' })
    .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` })
    .superRefine((value, ctx) => {
      if (hasCurlies(value)) ctx.addIssue({ code: 'custom', message: CURLIES });
      const missing = passwordProblems(value);
      if (missing.length) {
        ctx.addIssue({
          code: 'custom',
          message: `must have ${andList(missing)} (HighLevel's password policy)`,
        });
      }
    }),
);

export const url = once(() =>
  zod()
    .string({ error: 'must be text' })
    .trim()
    .max(MAX_TEXT, { error: `must be at most ${MAX_TEXT} characters` })
    .pipe(
      zod().url({
        protocol: /^https?$/,
        error: 'must be a full http(s) URL, like https://example.com/photo.png',
      }),
    ),
);

export const userType = once(() =>
  zod().enum(USER_TYPES, { error: `must be one of: ${USER_TYPES.join(', ')}` }),
);

export const userRole = once(() =>
  zod().enum(USER_ROLES, { error: `must be one of: ${USER_ROLES.join(', ')}` }),
);

export const language = once(() =>
  zod().enum(PLATFORM_LANGUAGES, { error: `must be one of: ${PLATFORM_LANGUAGES.join(', ')}` }),
);

// Any well-formed code: HighLevel adds scopes without notice, and decides itself what it accepts.
export const scopes = once(() =>
  zod().array(
    zod()
      .string({ error: 'must be a scope code' })
      .regex(SCOPE_CODE, { error: 'is not a scope code (like contacts.write)' }),
    { error: 'must be a list of scopes' },
  ),
);

export const locationIds = once(() =>
  zod()
    .array(id('sub-account ID'), { error: 'must be a list of sub-account IDs' })
    .min(1, { error: 'must name at least one sub-account' })
    .max(500, { error: 'has too many sub-accounts' }),
);

/** Text to search users by (a name, an email, a phone number). */
export const searchText = once(() =>
  withoutCurlies(
    zod()
      .string()
      .trim()
      .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` }),
  ),
);
