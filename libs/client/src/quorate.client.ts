import { randomUUID } from 'node:crypto';
import type { components, operations } from './openapi';

export type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorBodyDto'];
export type SubmitBody = Schemas['SubmitAssetDto'];
export type SubmitVersionBody = Schemas['SubmitVersionDto'];
export type VoteBody = Schemas['CastVoteDto'];
export type VersionStatus = Schemas['VersionStatus'];

/** The JSON body an operation answers with on `status`, straight from the generated types. */
type Answer<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer T } } ? T : never;

/** Statuses after which nothing more happens to a version; `released` is the happy end. */
export const VERDICTS: readonly VersionStatus[] = [
  'released',
  'validation_failed',
  'rejected',
  'expired',
  'superseded',
  'withdrawn',
];

export interface ClientOptions {
  /** Such as http://127.0.0.1:3000 */
  baseUrl: string;
  /** A bot's qk_ API key or a person's access token. */
  token: string;
  /** Retries of a 429, a 503 or a dropped connection before giving up; 4 by default. */
  maxRetries?: number;
  /** The first backoff when the server names no Retry-After; it doubles each time. 250 ms by default. */
  retryDelayMs?: number;
  /** No single wait is longer than this, whatever Retry-After says; 30 s by default. */
  maxRetryDelayMs?: number;
  fetch?: typeof fetch;
}

/** An answer that is not a success, with the API's error body when it sent one. */
export class QuorateApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'QuorateApiError';
  }
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A small client for bots and scripts: typed by the generated OpenAPI types, plain fetch, no
 * framework. Retries 429 and 503 (honouring Retry-After) and dropped connections with backoff.
 */
export class QuorateClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
  }

  /** A client acting as a person, after logging in with e-mail and password. */
  static async login(
    options: Omit<ClientOptions, 'token'> & { email: string; password: string },
  ): Promise<QuorateClient> {
    const anonymous = new QuorateClient({ ...options, token: '' });
    const tokens: Answer<'Auth_login', 200> = await anonymous.json({
      method: 'POST',
      path: '/v1/auth/login',
      body: { email: options.email, password: options.password },
    });
    return new QuorateClient({ ...options, token: tokens.accessToken });
  }

  /**
   * Submits an asset. One Idempotency-Key per call, sent again on every retry, so a retried
   * submission never creates a second asset.
   */
  submit(body: SubmitBody, options: { idempotencyKey?: string } = {}): Promise<Answer<'Asset_submit', 202>> {
    return this.json({ method: 'POST', path: '/v1/assets', body, headers: idempotency(options) });
  }

  submitVersion(
    assetId: string,
    body: SubmitVersionBody,
    options: { idempotencyKey?: string } = {},
  ): Promise<Answer<'Asset_submitVersion', 202>> {
    return this.json({
      method: 'POST',
      path: `/v1/assets/${seg(assetId)}/versions`,
      body,
      headers: idempotency(options),
    });
  }

  asset(id: string): Promise<Answer<'Asset_get', 200>> {
    return this.json({ method: 'GET', path: `/v1/assets/${seg(id)}` });
  }

  version(id: string, n: number): Promise<Answer<'Asset_version', 200>> {
    return this.json({ method: 'GET', path: `/v1/assets/${seg(id)}/versions/${n}` });
  }

  /** Findings, rule-set version and hashes of a validated version (a 404 until it is validated). */
  validation(id: string, n: number): Promise<Answer<'ValidationResult_get', 200>> {
    return this.json({ method: 'GET', path: `/v1/assets/${seg(id)}/versions/${n}/validation` });
  }

  decisionOf(id: string, n: number): Promise<Answer<'Asset_decision', 200>> {
    return this.json({ method: 'GET', path: `/v1/assets/${seg(id)}/versions/${n}/decision` });
  }

  inbox(): Promise<Answer<'Decision_inbox', 200>> {
    return this.json({ method: 'GET', path: '/v1/reviews/inbox' });
  }

  vote(decisionId: string, body: VoteBody): Promise<Answer<'Decision_vote', 201>> {
    return this.json({ method: 'POST', path: `/v1/decisions/${seg(decisionId)}/votes`, body });
  }

  /** The provenance bundle, to check offline with `quorate verify` and the ledger key. */
  provenance(id: string, n: number): Promise<Answer<'Provenance_bundle', 200>> {
    return this.json({ method: 'GET', path: `/v1/assets/${seg(id)}/versions/${n}/provenance` });
  }

  async content(id: string, n: number): Promise<Uint8Array> {
    const response = await this.send({ method: 'GET', path: `/v1/assets/${seg(id)}/versions/${n}/content` });
    return new Uint8Array(await response.arrayBuffer());
  }

  async ledgerKey(): Promise<string> {
    return (await this.send({ method: 'GET', path: '/v1/ledger/key' })).text();
  }

  /** Polls the version until it reaches a verdict (see VERDICTS), or throws after `timeoutMs`. */
  async waitForVerdict(
    id: string,
    n: number,
    options: { timeoutMs?: number; intervalMs?: number } = {},
  ): Promise<Answer<'Asset_version', 200>> {
    const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
    for (;;) {
      const version = await this.version(id, n);
      if (VERDICTS.includes(version.status)) return version;
      if (Date.now() >= deadline)
        throw new Error(`No verdict for ${id} v${n} in time; it is still ${version.status}`);
      await sleep(options.intervalMs ?? 1000);
    }
  }

  private async json<T>(call: Call): Promise<T> {
    return (await (await this.send(call)).json()) as T;
  }

  private async send(call: Call): Promise<Response> {
    const maxRetries = this.options.maxRetries ?? 4;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(`${this.baseUrl}${call.path}`, {
          method: call.method,
          headers: {
            Accept: 'application/json, text/plain, */*',
            ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}),
            ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...call.headers,
          },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
        });
      } catch (error) {
        if (attempt >= maxRetries) throw error;
        await sleep(this.backoff(attempt, null));
        continue;
      }
      if (response.ok) return response;
      if ((response.status === 429 || response.status === 503) && attempt < maxRetries) {
        await response.body?.cancel();
        await sleep(this.backoff(attempt, response.headers.get('retry-after')));
        continue;
      }
      throw new QuorateApiError(response.status, await errorBody(response));
    }
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const cap = this.options.maxRetryDelayMs ?? 30_000;
    const named = retryAfterMs(retryAfter);
    if (named !== undefined) return Math.min(named, cap);
    const base = (this.options.retryDelayMs ?? 250) * 2 ** attempt;
    // Jitter, so bots that failed together do not all come back at the same instant.
    return Math.min(base / 2 + Math.random() * (base / 2), cap);
  }
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function idempotency(options: { idempotencyKey?: string }): Record<string, string> {
  return { 'Idempotency-Key': options.idempotencyKey ?? randomUUID() };
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

async function errorBody(response: Response): Promise<ErrorBody | undefined> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'statusCode' in body && 'message' in body)
      return body as ErrorBody;
  } catch {
    // Not JSON (a proxy's page): the status alone says what happened.
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
