import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { forbiddenRange, literalAddress } from './webhook-address';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name resolution, replaceable so tests can answer with any address. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * What a delivery log may say. Only the status class and a few generic words: exact codes, error
 * messages and the difference between "closed" and "filtered" would let an admin map our network.
 */
export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx';
export const REFUSED_PRIVATE = 'refused: private address';
export const REFUSED_INVALID = 'refused: invalid url';
export type DeliveryError = typeof REFUSED_PRIVATE | typeof REFUSED_INVALID | 'timeout' | 'connection failed';
export type DeliveryOutcome =
  { statusClass: StatusClass; error: null } | { statusClass: null; error: DeliveryError };

export interface TransportOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  resolve?: Resolver;
}

export class DestinationRefusedError extends Error {
  constructor(readonly range: string) {
    super(REFUSED_PRIVATE);
  }
}

export class DestinationUnresolvedError extends Error {}

/**
 * The one address a request to `url` will connect to, after checking it. Every address the name has
 * must be public, so a name that mixes a public and a private answer cannot be steered to the latter.
 */
export async function vetDestination(url: URL, options: TransportOptions): Promise<ResolvedAddress> {
  // RFC 6761: these names are loopback whatever a resolver says, or fails to say.
  if (!options.allowPrivate && /(^|\.)localhost\.?$/i.test(url.hostname)) {
    throw new DestinationRefusedError('loopback');
  }
  const literal = literalAddress(url);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  } else {
    try {
      // The attempt's time limit covers resolution too: a stalling resolver must not hold the job.
      addresses = await Promise.race([
        (options.resolve ?? systemResolver)(url.hostname),
        rejectAfter(options.timeoutMs),
      ]);
    } catch {
      throw new DestinationUnresolvedError(url.hostname);
    }
    if (addresses.length === 0) throw new DestinationUnresolvedError(url.hostname);
  }
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const range = forbiddenRange(address);
      if (range) throw new DestinationRefusedError(range);
    }
  }
  return addresses[0];
}

/**
 * POSTs `body` to `url`, connecting to the address that was vetted (no second lookup for the socket
 * to race against) while Host and TLS SNI keep the name. Redirects are never followed.
 */
export async function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: TransportOptions,
): Promise<DeliveryOutcome> {
  let target: ResolvedAddress;
  try {
    target = await vetDestination(url, options);
  } catch (error) {
    if (error instanceof DestinationRefusedError) return { statusClass: null, error: REFUSED_PRIVATE };
    return { statusClass: null, error: 'connection failed' };
  }
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<DeliveryOutcome>((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        // A fresh connection per delivery: a pooled socket could outlive the check that allowed it.
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        response.resume();
        resolve({ statusClass: statusClassOf(response.statusCode ?? 0), error: null });
      },
    );
    request.on('error', (error) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      resolve({ statusClass: null, error: timedOut ? 'timeout' : 'connection failed' });
    });
    request.end(body);
  });
}

function rejectAfter(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('resolution timed out')), ms).unref());
}

function statusClassOf(code: number): StatusClass {
  if (code >= 200 && code < 300) return '2xx';
  if (code >= 300 && code < 400) return '3xx';
  if (code >= 400 && code < 500) return '4xx';
  return '5xx';
}
