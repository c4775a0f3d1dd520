// The secrets a call may carry (the connection's tokens, the client secret, a password, an
// authorization code) and how they are kept out of every message the app shows.
import type { Bundle } from 'zapier-platform-core';
import { passwordProblems } from './password';

/** Errors core shows as they are; anything else thrown is a fault of the app. */
export const ZAPIER_ERROR_NAMES: ReadonlySet<string> = new Set([
  'AppError',
  'HaltedError',
  'ThrottledError',
  'RefreshAuthError',
  'ExpiredAuthError',
  'ResponseError',
  'CheckError',
]);

/** Core adds "What happened … with bundle" (the step's whole input) to errors without this. */
export const withoutContext = <E extends Error>(error: E): E =>
  Object.assign(error, { doNotContextify: true });

/**
 * A token or client secret: printable ASCII, no spaces, at least 16 characters (HighLevel's run to
 * hundreds). Core's log censoring skips values shorter than 6, and a CR/LF would split a header.
 */
export const isSecretText = (value: unknown): value is string =>
  typeof value === 'string' && /^[\x21-\x7E]{16,8192}$/.test(value);

/**
 * The secrets a call may carry: the connection's tokens, the client secret, a password, a code.
 * Safe with any value a mapping may hand over (an object, a number).
 */
export const knownSecrets = (bundle: Partial<Bundle> | undefined): string[] => {
  const password: unknown = bundle?.inputData?.password;
  const candidates: unknown[] = [
    bundle?.authData?.access_token,
    bundle?.authData?.refresh_token,
    process.env.CLIENT_SECRET,
    // A password the policy refuses is never sent, so it cannot come back in HighLevel's words;
    // hiding it would only blank out words like "password" in the message that refuses it.
    typeof password === 'string' && passwordProblems(password).length === 0 ? password : undefined,
    bundle?.inputData?.code,
  ];
  return candidates.filter(
    (value): value is string => typeof value === 'string' && value.length >= 4,
  );
};

const SECRET_FIELDS = ['password', 'client_secret', 'refresh_token', 'code', 'access_token'];

/** Secret values a request carried in its body (JSON or form), to scrub from its answer. */
export const bodySecrets = (body: unknown): string[] => {
  if (typeof body !== 'string' || body === '') return [];
  let fields: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') fields = parsed as Record<string, unknown>;
  } catch {
    fields = Object.fromEntries(new URLSearchParams(body));
  }
  return SECRET_FIELDS.map((key) => fields[key]).filter(
    (value): value is string => typeof value === 'string' && value.length >= 4,
  );
};

// encodeURIComponent throws on a lone surrogate; such a value is refused as input anyway.
const urlForm = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Every form each secret takes in a message: as is, JSON-escaped, URL-encoded. */
const formsOf = (secrets: readonly string[]): string[] => [
  ...new Set(
    secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), urlForm(secret)]),
  ),
];

/** The text with every form of every secret replaced by "[hidden]". */
export const scrub = (text: string, secrets: readonly string[]): string => {
  let result = text;
  for (const form of formsOf(secrets)) {
    if (form.length >= 4 && result.includes(form)) result = result.split(form).join('[hidden]');
  }
  return result;
};

/**
 * A step's output with every secret replaced by "[hidden]", in any text or key, however deep:
 * Zapier keeps outputs in task history and hands them to later steps. Looked for in the output's
 * JSON text, where a secret in a value or a key appears JSON-escaped (one of its forms); the
 * output itself is returned when it holds none (the common case), so nothing is copied.
 */
export const scrubOutput = <T>(output: T, secrets: readonly string[]): T => {
  if (secrets.length === 0) return output;
  const json = JSON.stringify(output) as string | undefined;
  if (json === undefined) return output;
  const scrubbed = scrub(json, secrets);
  return scrubbed === json ? output : (JSON.parse(scrubbed) as T);
};
