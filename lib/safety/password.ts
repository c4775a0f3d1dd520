// HighLevel's password policy (its Users v3 document; docs/highlevel-behaviour.md, U9) and the
// strong password Create User makes when a Zap leaves Password empty.
import { randomInt } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;

const RULES: Array<[RegExp, string]> = [
  [/[A-Z]/, 'an upper-case letter (A-Z)'],
  [/[a-z]/, 'a lower-case letter (a-z)'],
  [/[0-9]/, 'a digit (0-9)'],
  [/[^A-Za-z0-9\s]/, 'a special character such as ! @ # $'],
];

/** What a password lacks under the policy, in words ("at least 12 characters", ...); [] if none. */
export const passwordProblems = (password: string): string[] => {
  const problems =
    [...password].length < MIN_PASSWORD_LENGTH
      ? [`at least ${MIN_PASSWORD_LENGTH} characters`]
      : [];
  for (const [pattern, rule] of RULES) if (!pattern.test(password)) problems.push(rule);
  return problems;
};

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SPECIAL = '!@#$%^&*-_=+?';
const ALL = UPPER + LOWER + DIGITS + SPECIAL;

const pick = (alphabet: string): string => alphabet.charAt(randomInt(alphabet.length));

/**
 * 24 characters from a CSPRNG with every class the policy asks for (about 150 bits). Nobody ever
 * sees it: the user sets their own through HighLevel's "Forgot password" link.
 */
export const generatePassword = (length = 24): string => {
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SPECIAL)];
  while (chars.length < length) chars.push(pick(ALL));
  // Fisher-Yates, so the guaranteed classes are not always at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
};
