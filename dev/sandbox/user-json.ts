/**
 * A stored user as the routes answer it: the store's public shape, in the mode's shape
 * (behaviour.ts). Serialized once per user and mode; the store clears the cache on every change.
 */
import { userJson } from './behaviour';
import { toUserJson, type StoredUser } from './store';
import type { UserJson } from './types';

export function userJsonOf(u: StoredUser, spec: boolean): UserJson {
  return userJson(spec, toUserJson(u));
}

export function userJsonString(u: StoredUser, spec: boolean): string {
  if (spec) {
    if (u.jsonSpec === null) u.jsonSpec = JSON.stringify(userJsonOf(u, true));
    return u.jsonSpec;
  }
  if (u.json === null) u.json = JSON.stringify(userJsonOf(u, false));
  return u.json;
}
