// HighLevel's error answers, and the z.errors a Zapier user must get for each (lib/highlevel/errors.ts): one
// table, so every operation's test covers the same failures and reads them the same way.
import type nock from 'nock';
import { rateLimitHeaders } from './api';

export interface HighLevelErrorCase {
  /** How the test names the case: "a 400", "a 401 Invalid JWT", … */
  what: string;
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  /** What the step must reject with (toMatchObject). */
  error: Record<string, unknown>;
}

export interface HighLevelErrorOptions {
  /**
   * The scope a 401 "not authorized for this scope" must name; null where the operation answers
   * that 401 itself (the Location dropdown explains the missing scope in an item).
   */
  scope: 'users.readonly' | 'users.write' | null;
  /** HighLevel's 400 message (default "Bad Request"). */
  badRequest?: string;
  /** HighLevel's 403 message: some endpoints say "Forbidden resource", others name the location. */
  forbidden?: string;
  /** HighLevel's 422 messages for this endpoint (its validation answers with a list). */
  invalid?: string[];
  /**
   * A 404 and what the user is told could not be found; left out where a 404 is no failure (a
   * search's []) or HighLevel does not answer one (its search endpoints).
   */
  notFound?: { message: string; what: 'that user' | 'what was asked for' };
}

/**
 * The error a user sees when a field is wrong, and for most of HighLevel's refusals: a
 * z.errors.Error (AppError), its message a JSON string that holds `text`.
 */
export const fieldError = (text: string): Record<string, unknown> => ({
  name: 'AppError',
  message: expect.stringContaining(text),
});

const LOCATION_REFUSED = 'The token does not have access to this location.';

/** HighLevel's failures for one operation, each with the error its step must fail with. */
export const highlevelErrors = ({
  scope,
  badRequest = 'Bad Request',
  forbidden = LOCATION_REFUSED,
  invalid,
  notFound,
}: HighLevelErrorOptions): HighLevelErrorCase[] => [
  {
    what: 'a 400',
    status: 400,
    body: { statusCode: 400, message: badRequest },
    headers: {},
    // An error, not a halt: the Zap's owner must learn that nothing was done.
    error: {
      name: 'AppError',
      message: expect.stringContaining(`HighLevel rejected the request (HTTP 400): ${badRequest}`),
    },
  },
  {
    what: 'a 401 Invalid JWT',
    status: 401,
    body: { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' },
    headers: {},
    error: { name: 'RefreshAuthError' },
  },
  ...(scope === null
    ? []
    : [
        {
          what: 'a 401 for a missing scope',
          status: 401,
          body: {
            statusCode: 401,
            message: 'The token is not authorized for this scope.',
            error: 'Unauthorized',
          },
          headers: {},
          // The message is z.errors.Error's JSON, so the quotes around the scope are escaped.
          error: {
            name: 'AppError',
            message: expect.stringContaining(`the token lacks the \\"${scope}\\" scope`),
          },
        },
      ]),
  {
    what: 'a 401 for a sub-account the token cannot reach',
    status: 401,
    body: {
      statusCode: 401,
      message: 'This location is not accessible from this token.',
      error: 'Unauthorized',
    },
    headers: {},
    // Another service's word for a 403: no refresh, no "reconnect".
    error: {
      name: 'AppError',
      message: expect.stringContaining(
        'refused access (HTTP 401): This location is not accessible from this token',
      ),
    },
  },
  {
    what: 'a 403',
    status: 403,
    body: { statusCode: 403, message: forbidden },
    headers: {},
    error: {
      name: 'AppError',
      message: expect.stringContaining(`refused access (HTTP 403): ${forbidden}`),
    },
  },
  ...(notFound === undefined
    ? []
    : [
        {
          what: 'a 404',
          status: 404,
          body: { statusCode: 404, message: notFound.message },
          headers: {},
          error: {
            name: 'AppError',
            message: expect.stringContaining(
              `could not find ${notFound.what} (HTTP 404: ${notFound.message})`,
            ),
          },
        },
        ...(notFound.what === 'that user'
          ? [
              {
                // HighLevel's real answer for a user ID that does not exist.
                what: 'a 401 The user does not exist.',
                status: 401,
                body: { statusCode: 401, message: 'The user does not exist.' },
                headers: {},
                error: {
                  name: 'AppError',
                  message: expect.stringContaining(
                    'HighLevel could not find that user (HTTP 401: The user does not exist). ' +
                      'Check the ID, or whether it was deleted.',
                  ),
                },
              },
            ]
          : []),
      ]),
  ...(invalid === undefined
    ? []
    : [
        {
          what: 'a 422 with an array message',
          status: 422,
          body: { statusCode: 422, message: invalid, error: 'Unprocessable Entity' },
          headers: {},
          error: {
            name: 'AppError',
            message: expect.stringContaining(
              `HighLevel rejected the request (HTTP 422): ${invalid.join('; ')}`,
            ),
          },
        },
      ]),
  {
    what: 'a 429',
    status: 429,
    body: { statusCode: 429, message: 'Too Many Requests' },
    headers: rateLimitHeaders(0),
    // The delay is the rate-limit interval (10 s), in ThrottledError's JSON message.
    error: { name: 'ThrottledError', message: expect.stringMatching(/"delay":10[,}]/) },
  },
];

/**
 * One test per case: the request `expected` describes (a nock interceptor) is answered with the
 * case's status, body and headers, and the step `run` starts must fail with the case's error.
 */
export const itTurnsHighLevelErrors = (
  cases: HighLevelErrorCase[],
  expected: () => nock.Interceptor,
  run: () => Promise<unknown>,
): void => {
  it.each(cases)(
    'turns $what into the error a Zapier user can act on',
    async ({ status, body, headers, error }) => {
      expected().reply(status, body, headers);
      await expect(run()).rejects.toMatchObject(error);
    },
  );
};
