// Small helpers for the words the app shows: its name for HighLevel, lists, counts, clipping.

export const HIGHLEVEL = 'HighLevel';

/** "a, b and c" */
export const andList = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** "1 second", "2 seconds" */
export const plural = (count: number, unit: string): string =>
  `${count} ${unit}${count === 1 ? '' : 's'}`;

/** At most `max` characters, with an ellipsis when cut. */
export const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max)}…` : text;

/**
 * "1,000,000": a count with thousands separators. Not toLocaleString: its first call loads ICU's
 * locale data, about 10 ms a cold start would pay for a help text.
 */
export const thousands = (count: number): string =>
  String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
