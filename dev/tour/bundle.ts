// A bundle as Zapier builds it for a step: Zapier's defaults for all a caller does not set. The one
// builder for the tour, the tests and the benchmark; it imports nothing of the app, so the
// benchmark's child process can load it before it times loading the app.
import type { Bundle } from 'zapier-platform-core';
import type { SandboxTokenSet } from '../sandbox/server';

export type AuthData = Record<string, string>;

/** A sandbox's token set as Zapier keeps a connection's authData. */
export const authDataOf = (tokens: SandboxTokenSet): AuthData => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token,
  companyId: tokens.companyId,
  userType: tokens.userType,
  userId: tokens.userId,
  ...(tokens.locationId ? { locationId: tokens.locationId } : {}),
});

/** A step's meta in Zap `id`: polling triggers keep their state (dedupe, watch) per Zap. */
export const zapMeta = (id: string): Partial<Bundle['meta']> => ({
  zap: { id, user: { timezone: 'UTC' } },
});

export const bundleFor = <T extends Record<string, unknown> = Record<string, unknown>>(
  authData: AuthData,
  // Without input data T is its default, which {} is.
  inputData: T = {} as T,
  meta: Partial<Bundle['meta']> = {},
): Bundle<T> =>
  ({
    authData,
    inputData,
    inputDataRaw: {},
    meta: {
      isBulkRead: false,
      isFillingDynamicDropdown: false,
      isLoadingSample: false,
      isPopulatingDedupe: false,
      isTestingAuth: false,
      limit: -1,
      page: 0,
      timezone: null,
      inputFields: {},
      ...meta,
    },
  }) satisfies Bundle<T>;
