// nock scopes for HighLevel with the headers every call must carry.
import nock from 'nock';
import { ACCESS_TOKEN } from './bundle';

export const API = 'https://services.leadconnectorhq.com';

/** A nock scope that only matches requests with HighLevel's required headers and our token. */
export const highlevel = (token: string = ACCESS_TOKEN): nock.Scope =>
  nock(API, {
    reqheaders: {
      version: '2021-07-28',
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    },
  });

export const rateLimitHeaders = (
  remaining = 99,
  dailyRemaining = 199_000,
): Record<string, string> => ({
  'X-RateLimit-Max': '100',
  'X-RateLimit-Remaining': String(remaining),
  'X-RateLimit-Interval-Milliseconds': '10000',
  'X-RateLimit-Limit-Daily': '200000',
  'X-RateLimit-Daily-Remaining': String(dailyRemaining),
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length) throw new Error(`Expected HTTP calls were not made: ${pending.join(', ')}`);
});
