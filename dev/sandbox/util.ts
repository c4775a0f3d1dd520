/** Small pure helpers shared by every layer; nothing here imports a sandbox module. */

/** A JSON object (not null, not an array): what a DTO or an admin body must be. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** class-validator's IsIn wording, as HighLevel answers a value outside an enum. */
export function oneOf(name: string, values: readonly string[]): string {
  return `${name} must be one of the following values: ${values.join(', ')}`;
}
