// zod, loaded on first use, and schemas built on first use then kept. Zapier loads the app on every
// invocation; a Get User poll or a connection test never needs zod, and loading it would cost them
// its load time on every cold start.
import type * as Zod from 'zod';

export type ZodNamespace = typeof Zod.z;

let loaded: ZodNamespace | undefined;

export const zod = (): ZodNamespace => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see top
  loaded ??= (require('zod') as typeof Zod).z;
  return loaded;
};

/** A value made on first use, then kept. */
export const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};
