// The floor any Zapier app pays: zapier-platform-core alone, with no middleware, validation or
// mapping of ours. Each perform makes the one z.request the benchmark sets up (the same method,
// URL, query, headers and body as the app's operation) and hands back HighLevel's data, as Zapier
// needs it: a list from triggers and searches, an object from creates.
import {
  defineApp,
  defineCreate,
  defineSearch,
  defineTrigger,
  version as platformVersion,
  type HttpMethod,
  type ZObject,
} from 'zapier-platform-core';

export interface PlainCall {
  method: HttpMethod;
  /** API root + path, without the query string. */
  url: string;
  params?: Record<string, string>;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  /** Where a list call's items are in HighLevel's answer; without it the answer is one item. */
  list?: 'users' | 'locations';
}

let current: PlainCall | undefined;

/** The request the next invocation makes. */
export const setCall = (call: PlainCall): void => {
  current = call;
};

const send = async (z: ZObject): Promise<Record<string, unknown>> => {
  if (!current) throw new Error('setCall() first');
  const { method, url, params, headers, body } = current;
  const response = await z.request({ method, url, params, headers, body });
  return response.data as Record<string, unknown>;
};

const items = (data: Record<string, unknown>): Array<Record<string, unknown>> => {
  const list = current?.list;
  return list ? (data[list] as Array<Record<string, unknown>>) : [data];
};

const display = { label: 'Request', description: 'Makes the one request.', hidden: true };

export default defineApp({
  version: '1.0.0',
  platformVersion,
  triggers: {
    request: defineTrigger({
      key: 'request',
      noun: 'Item',
      display,
      operation: { perform: async (z) => items(await send(z)) },
    }),
  },
  searches: {
    request: defineSearch({
      key: 'request',
      noun: 'Item',
      display,
      operation: { perform: async (z) => items(await send(z)) },
    }),
  },
  creates: {
    request: defineCreate({
      key: 'request',
      noun: 'Item',
      display,
      operation: { perform: async (z) => send(z) },
    }),
  },
});
