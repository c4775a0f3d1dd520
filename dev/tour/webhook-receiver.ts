// A local webhook receiver standing in for Zapier's hook URL: it keeps each delivery's raw body
// and headers, and hands them over as Zapier hands a hook trigger its bundle (headers renamed
// "Http-Title-Case", the body as received).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from 'zapier-platform-core';

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Resolves with the next delivery whose body matches, or fails after `timeoutMs`. */
  next(match: (payload: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Delivery>;
  close(): Promise<void>;
}

const parse = (delivery: Delivery): Record<string, unknown> => {
  try {
    return JSON.parse(delivery.body) as Record<string, unknown>;
  } catch {
    return {};
  }
};

export const startReceiver = async (): Promise<Receiver> => {
  const deliveries: Delivery[] = [];
  // Each body parsed once, on arrival, for every next() to match against.
  const payloads = new WeakMap<Delivery, Record<string, unknown>>();
  const waiting = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const delivery = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      deliveries.push(delivery);
      payloads.set(delivery, parse(delivery));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"success"}');
      for (const wake of [...waiting]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/catch/1/abc/`;
  return {
    url,
    deliveries,
    next: (match, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const found = deliveries.find((delivery) => match(payloads.get(delivery) ?? {}));
          if (!found) return;
          clearTimeout(timer);
          waiting.delete(look);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiting.delete(look);
          reject(new Error('no such delivery arrived'));
        }, timeoutMs);
        waiting.add(look);
        look();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

const titleCase = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());

/** A delivery as Zapier passes it to a hook trigger's perform. */
export const hookBundleOf = (
  delivery: Delivery,
): Pick<Bundle, 'rawRequest' | 'cleanedRequest'> => ({
  rawRequest: {
    method: 'POST',
    querystring: '',
    headers: Object.fromEntries(
      Object.entries(delivery.headers).map(([name, value]) => [
        `Http-${titleCase(name)}`,
        Array.isArray(value) ? value.join(', ') : String(value ?? ''),
      ]),
    ),
    content: delivery.body,
  },
  cleanedRequest: JSON.parse(delivery.body) as unknown,
});
