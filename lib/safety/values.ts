// Zapier hands inputs over loosely typed: text from the editor, numbers or lists from mapped
// fields, "true"/"false" or "yes"/"no" for booleans. These read them plainly and turn "left empty"
// into undefined, so an unset field is never sent; anything else is left for a check to judge and
// report by field name.

/** Trimmed text, or undefined when empty. Non-text values are passed on for a check to refuse. */
export const text = (value: unknown): unknown => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/**
 * Text kept exactly as typed (passwords: spaces are meaningful), undefined when empty. Only
 * spaces counts as empty too: a mapped value that resolved to " " must not become a password.
 */
export const secret = (value: unknown): unknown =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
    ? undefined
    : value;

/**
 * A list field: an array from the editor, or one comma-separated string from a mapped value.
 * Empty items are dropped; an empty list is undefined (never an empty list sent to HighLevel).
 */
export const list = (value: unknown): unknown => {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : [value];
  const cleaned = items.map((item) => text(item)).filter((item) => item !== undefined);
  return cleaned.length ? cleaned : undefined;
};

const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

/** A boolean field; unrecognised text is passed on for a check to refuse (`yesNoProblem`). */
export const flag = (value: unknown): unknown => {
  // Left blank in any of the ways the editor or a mapping leaves it ('', '  ', [], ['']): not set.
  if (list(value) === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  return value;
};

/** The characters a raw value holds (a list's items added up), to refuse a huge one unread. */
export const rawLength = (value: unknown): number =>
  typeof value === 'string'
    ? value.length
    : Array.isArray(value)
      ? value.reduce((sum: number, item) => sum + (typeof item === 'string' ? item.length : 0), 0)
      : 0;

/** A plain JSON object: not null, not a list. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value read loosely from an answer: a string as it is, '' for anything else. */
export const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Drops undefined entries so a request body holds only what the user filled in. */
export const compact = <T extends Record<string, unknown>>(object: T): Partial<T> =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
