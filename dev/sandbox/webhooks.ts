/**
 * HighLevel's user webhooks, sent by the sandbox: each event signed with the sandbox's own key
 * pairs and posted to one loopback URL, retried only after a 429 (docs/highlevel-behaviour.md
 * W1-W6). The bodies are webhook-events.ts's; this module signs, posts and records them.
 */
import { generateKeyPair, randomUUID, sign, type KeyObject } from 'crypto';
import { lookup as dnsLookup } from 'dns';
import { request as httpRequest, type ClientRequest } from 'http';
import { request as httpsRequest } from 'https';
import type { LookupFunction } from 'net';
import type { StoredUser } from './store';
import { userEventBody, userEventTypes, type UserEventKind } from './webhook-events';
import {
  DEFAULT_WEBHOOK_SETTINGS,
  isLoopbackAddress,
  type WebhookPatch,
  type WebhookSettings,
  type WebhookSignatures,
} from './webhook-settings';

/** The public halves (SPKI PEM) of the key pairs the sandbox signs with. */
export interface WebhookKeys {
  ed25519: string;
  rsa: string;
}

/** One attempt to deliver one event. */
export interface WebhookDelivery {
  webhookId: string;
  type: string;
  userId: string;
  url: string;
  /** 1 for the first try, up to WEBHOOK_MAX_TRIES. */
  attempt: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why there was no answer (refused, timed out, not loopback...). */
  error?: string;
  /** Date.now() when the attempt was sent. */
  at: number;
}

/** HighLevel tries up to six times in all, only while the receiver answers 429 (W6). */
const WEBHOOK_MAX_TRIES = 6;
const WEBHOOK_TIMEOUT_MS = 5000;
/**
 * HighLevel's RSA key has 4096 bits; 2048 verifies the same way and takes a tenth of the time
 * to generate, which every sandbox start pays.
 */
const RSA_MODULUS_BITS = 2048;

export interface WebhookKeyPairs {
  ed25519: KeyObject;
  rsa: KeyObject;
  publicKeys: WebhookKeys;
}

function keyPair(
  type: 'ed25519' | 'rsa',
): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => {
      if (err) reject(err);
      else resolve({ publicKey, privateKey });
    };
    if (type === 'rsa') generateKeyPair('rsa', { modulusLength: RSA_MODULUS_BITS }, done);
    else generateKeyPair('ed25519', undefined, done);
  });
}

/** Fresh key pairs, made off the main thread (so a start can seed users meanwhile). */
export async function webhookKeyPairs(): Promise<WebhookKeyPairs> {
  const [ed, rsa] = await Promise.all([keyPair('ed25519'), keyPair('rsa')]);
  const pem = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }).toString();
  return {
    ed25519: ed.privateKey,
    rsa: rsa.privateKey,
    publicKeys: { ed25519: pem(ed.publicKey), rsa: pem(rsa.publicKey) },
  };
}

/**
 * A name that resolves off loopback (a hosts file mapping `localhost` elsewhere) is refused
 * before any connection: the URL check alone cannot see where a name points.
 */
const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) {
      callback(err, '', 0);
      return;
    }
    const outside = addresses.find((a) => !isLoopbackAddress(a.address));
    const first = addresses[0];
    if (outside !== undefined || first === undefined) {
      const where = outside?.address ?? 'nothing';
      callback(new Error(`${hostname} resolves to ${where}, not loopback: not sent`), '', 0);
    } else if (options.all === true) {
      callback(null, addresses);
    } else {
      callback(null, first.address, first.family);
    }
  });
};

interface PendingEvent {
  webhookId: string;
  type: string;
  userId: string;
  body: Buffer;
  /** The settings when the change happened: its retries keep them. */
  url: string;
  signatures: WebhookSignatures;
  retryMs: number;
  attempt: number;
  /** The next attempt's timer; undefined while an attempt is on the wire. */
  timer: NodeJS.Timeout | undefined;
}

export class WebhookSender {
  private current: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS };
  /** Every attempt, oldest first: the Sandbox and GET /_sandbox/webhook show this array. */
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<PendingEvent>();
  private readonly onWire = new Set<ClientRequest>();
  private idlers: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly keys: WebhookKeyPairs,
    initial: WebhookPatch = {},
  ) {
    this.configure(initial);
  }

  get publicKeys(): WebhookKeys {
    return { ...this.keys.publicKeys };
  }

  settings(): WebhookSettings {
    return { ...this.current };
  }

  /**
   * Applies a change already checked by `parseWebhookPatch` (the server checks each one where it
   * comes in). Clearing the URL drops every attempt not yet sent (a test's way to stop retries).
   */
  configure(patch: WebhookPatch): void {
    this.current = { ...this.current, ...patch };
    if (this.current.url === null) {
      for (const event of this.pending) {
        if (event.timer === undefined) continue;
        clearTimeout(event.timer);
        this.finish(event);
      }
    }
  }

  /**
   * The events of one change, built now (the user as it is now), sent after the API's answer:
   * one per spelling the settings ask for, each its own webhookId.
   */
  userEvent(kind: UserEventKind, user: StoredUser, spec: boolean): void {
    const { url, events, signatures, retryMs } = this.current;
    if (this.closed || url === null) return;
    for (const type of userEventTypes(events, kind)) {
      const webhookId = randomUUID();
      const body = userEventBody(type, user, spec, {
        timestamp: new Date().toISOString(),
        webhookId,
      });
      const event: PendingEvent = {
        webhookId,
        type,
        userId: user.id,
        body: Buffer.from(JSON.stringify(body), 'utf8'),
        url,
        signatures,
        retryMs,
        attempt: 0,
        timer: undefined,
      };
      this.pending.add(event);
      this.schedule(event, 0);
    }
  }

  /** Resolves once no event is waiting, on the wire, or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** Stops every timer and connection; nothing is sent afterwards. */
  close(): void {
    this.closed = true;
    for (const event of this.pending) clearTimeout(event.timer);
    this.pending.clear();
    for (const req of this.onWire) req.destroy();
    this.onWire.clear();
    this.wakeIdlers();
  }

  private schedule(event: PendingEvent, ms: number): void {
    event.timer = setTimeout(() => {
      event.timer = undefined;
      void this.attempt(event);
    }, ms);
    event.timer.unref();
  }

  private async attempt(event: PendingEvent): Promise<void> {
    event.attempt++;
    const at = Date.now();
    const outcome = await this.post(event);
    if (this.closed) return;
    this.deliveries.push({
      webhookId: event.webhookId,
      type: event.type,
      userId: event.userId,
      url: event.url,
      attempt: event.attempt,
      ...outcome,
      at,
    });
    // Only a 429 is retried, as HighLevel does; a cleared URL stops the retries too.
    const retry =
      'status' in outcome &&
      outcome.status === 429 &&
      event.attempt < WEBHOOK_MAX_TRIES &&
      this.current.url !== null;
    if (retry) this.schedule(event, event.retryMs);
    else this.finish(event);
  }

  private headers(event: PendingEvent): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Content-Length': String(event.body.length),
    };
    if (event.signatures !== 'rsa') {
      headers['X-GHL-Signature'] = sign(null, event.body, this.keys.ed25519).toString('base64');
    }
    if (event.signatures !== 'ed25519') {
      // PKCS#1 v1.5 over SHA-256: what HighLevel's createVerify('SHA256') checks.
      headers['x-wh-signature'] = sign('sha256', event.body, this.keys.rsa).toString('base64');
    }
    return headers;
  }

  /** One POST; a redirect is an answer like any other (never followed). */
  private post(event: PendingEvent): Promise<{ status: number } | { error: string }> {
    return new Promise((resolve) => {
      const target = new URL(event.url);
      const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
      // One options object (no URL argument): interceptors in a test process read it whole.
      const req = request({
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: this.headers(event),
        lookup: loopbackLookup,
        // A connection per event: nothing stays open to the receiver between events.
        agent: false,
      });
      this.onWire.add(req);
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS} ms`)),
        WEBHOOK_TIMEOUT_MS,
      );
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.on('error', (e) => resolve({ error: e.message }));
      req.on('close', () => {
        clearTimeout(timer);
        this.onWire.delete(req);
      });
      req.end(event.body);
    });
  }

  private finish(event: PendingEvent): void {
    this.pending.delete(event);
    if (this.pending.size === 0) this.wakeIdlers();
  }

  private wakeIdlers(): void {
    const idlers = this.idlers;
    this.idlers = [];
    for (const wake of idlers) wake();
  }
}
