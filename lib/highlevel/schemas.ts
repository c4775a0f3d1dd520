// HighLevel's answers the app reads besides users (lib/highlevel/user.ts): a deletion, sub-accounts
// and tokens. Tolerant: HighLevel adds fields without notice, so other keys pass.
import type * as Zod from 'zod';
import { isSecretText } from '../safety/secrets';
import { once, zod } from '../zod';
import { unexpectedResponse } from './errors';

// Spelled `succeded` in the 2021-07-28 document and `succeeded` in v3 (docs/highlevel-behaviour.md, U11).
export const deleteResult = once(() =>
  zod().looseObject({
    succeded: zod().boolean().optional(),
    succeeded: zod().boolean().optional(),
    message: zod().string().optional(),
  }),
);

export const location = once(() =>
  zod().looseObject({
    id: zod().string().min(1),
    name: zod().string().optional(),
    email: zod().string().optional(),
    city: zod().string().optional(),
  }),
);
export const locationList = once(() => zod().looseObject({ locations: zod().array(location()) }));
export const locationOne = once(() => zod().looseObject({ location: location() }));
export type Location = Zod.infer<ReturnType<typeof location>>;

// Tokens are stored by Zapier and sent in headers: printable ASCII only, so a broken one is
// refused here rather than stored. Every other field is read as it comes (a string `expires_in`,
// a null `userId`): the rotated tokens HighLevel has issued must not be lost over them.
const token = once(() => zod().custom<string>(isSecretText, { error: 'is not a token' }));
export const tokenResponse = once(() =>
  zod().looseObject({
    access_token: token(),
    refresh_token: token().optional(),
  }),
);
export type TokenResponse = Zod.infer<ReturnType<typeof tokenResponse>>;

/**
 * Reads one of HighLevel's answers; anything unexpected is reported, never passed on half-read.
 * After a write HighLevel answered with success, `written` says how to check what was done.
 */
export const parseAnswer = <S extends Zod.ZodType>(
  schema: S,
  data: unknown,
  what: string,
  written?: string,
): Zod.infer<S> => {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw unexpectedResponse(what, written);
};
