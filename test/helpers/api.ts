// The nocked HighLevel, for the tests that run without a server: strict scopes that each test
// must use up, or a recorder that answers a whole file with HighLevel's documented responses.
import nock from 'nock';
import { ACCESS_TOKEN, LOCATION_ID } from './bundle';
import { recorderUser } from './users';

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

/** Recorders running: a file with one keeps its mocks across tests, which this check would clear. */
let recorders = 0;

afterEach(() => {
  if (recorders > 0) return;
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length) throw new Error(`Expected HTTP calls were not made: ${pending.join(', ')}`);
});

export interface CapturedRequest {
  method: string;
  url: string;
  /** Path as sent (still percent-encoded), without the query. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  /** The JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
}

const documentedLocation = {
  id: LOCATION_ID,
  name: 'Mark Shoes',
  email: 'john.doe@mail.com',
  city: 'New York',
  state: 'Illinois',
  country: 'US',
};

export type Reply = readonly [number, unknown?, Record<string, string>?];

/** HighLevel's documented success answer for a request of the Users and Locations APIs. */
const documentedReply = (method: string, path: string): Reply => {
  const route = `${method} ${path}`;
  if (route === 'GET /users/search' || route === 'POST /users/search/filter-by-email') {
    return [200, { users: [recorderUser], count: 1 }];
  }
  if (route === 'POST /users/') return [201, recorderUser];
  if (/^(GET|PUT) \/users\/[^/]+$/.test(route)) return [200, recorderUser];
  if (/^DELETE \/users\/[^/]+$/.test(route)) {
    return [
      200,
      {
        succeded: true,
        message:
          'Queued deleting user with e-mail john@deo.com and name John Deo. Will take effect in a few minutes.',
      },
    ];
  }
  if (route === 'GET /locations/search') return [200, { locations: [documentedLocation] }];
  if (/^GET \/locations\/[^/]+$/.test(route)) return [200, { location: documentedLocation }];
  return [404, { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' }];
};

export type Responder = (request: CapturedRequest) => Reply;

export interface Recorder {
  requests: CapturedRequest[];
  /** Requests to any other host (refused by nock.disableNetConnect, but tried). */
  elsewhere: string[];
  /** Answers from now on with `responder` (documented answers when undefined). */
  respondWith(responder: Responder | undefined): void;
  clear(): void;
  stop(): void;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

const parseJson = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * Intercepts every HighLevel request for the rest of the test file (or until `stop`). Requests are
 * recorded from nock's `request` event, which carries the body as sent, before the reply is made.
 */
export const recordHighLevel = (): Recorder => {
  recorders += 1;
  let stopped = false;
  const requests: CapturedRequest[] = [];
  const elsewhere: string[] = [];
  let responder: Responder | undefined;

  const capture = (req: Request, body: string): CapturedRequest => {
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    req.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    return {
      method: req.method.toUpperCase(),
      url: req.url,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      rawBody: body,
      body: parseJson(body),
    };
  };

  const scope = nock(API).persist();
  for (const method of METHODS) {
    // The token endpoint is left to each test's own nock.
    scope
      .intercept((path: string) => !path.startsWith('/oauth/'), method)
      .reply((req: Request) => {
        const last = requests[requests.length - 1];
        const reply = responder && last ? responder(last) : undefined;
        return reply ?? documentedReply(req.method.toUpperCase(), new URL(req.url).pathname);
      });
  }
  scope.on('request', (req: Request, _interceptor: unknown, body: string) => {
    requests.push(capture(req, body ?? ''));
  });
  const noMatch = (req: { url?: string; href?: string }): void => {
    elsewhere.push(String(req.url ?? req.href ?? 'unknown'));
  };
  nock.emitter.on('no match', noMatch);

  return {
    requests,
    elsewhere,
    respondWith: (next) => {
      responder = next;
    },
    clear: () => {
      requests.length = 0;
      elsewhere.length = 0;
    },
    stop: () => {
      if (!stopped) recorders -= 1;
      stopped = true;
      nock.emitter.removeListener('no match', noMatch);
      scope.persist(false);
      nock.cleanAll();
    },
  };
};
