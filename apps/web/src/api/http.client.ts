import { getSession, setSession, type Session } from '../auth/session.store';

/** The API's one error shape, `{statusCode, error, message, details?}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

let refreshing: Promise<Session | null> | null = null;

/** Refresh tokens work once, so concurrent requests share one refresh. */
function refresh(session: Session): Promise<Session | null> {
  refreshing ??= (async () => {
    try {
      const pair = await send<TokenPair>('POST', '/v1/auth/refresh', {
        body: { refreshToken: session.refreshToken },
      });
      const next = { ...session, ...pair, expiresAt: expiry(pair.expiresIn) };
      setSession(next);
      return next;
    } catch {
      setSession(null);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export const expiry = (seconds: number): number => Date.now() + Math.max(seconds - 30, 5) * 1000;

async function send<T>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; as?: 'json' | 'text' | 'blob' } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { message?: unknown; details?: unknown };
    const message = Array.isArray(problem.message) ? problem.message.join('; ') : problem.message;
    throw new ApiError(
      response.status,
      typeof message === 'string' ? message : response.statusText,
      problem.details,
    );
  }
  if (response.status === 204) return undefined as T;
  if (options.as === 'text') return (await response.text()) as T;
  if (options.as === 'blob') return (await response.blob()) as T;
  return (await response.json()) as T;
}

/** Calls the API as the signed-in person, refreshing the access token when it is about to expire. */
export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; as?: 'json' | 'text' | 'blob' } = {},
): Promise<T> {
  let session = getSession();
  if (session && session.expiresAt < Date.now()) session = await refresh(session);
  try {
    return await send<T>(method, path, { ...options, token: session?.accessToken });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !session) throw error;
    const renewed = await refresh(session);
    if (!renewed) throw error;
    return send<T>(method, path, { ...options, token: renewed.accessToken });
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  const pair = await send<TokenPair>('POST', '/v1/auth/login', { body: { email, password } });
  const me = await send<Session['me']>('GET', '/v1/auth/me', { token: pair.accessToken });
  setSession({ ...pair, expiresAt: expiry(pair.expiresIn), me });
}

export async function signOut(): Promise<void> {
  const session = getSession();
  setSession(null);
  if (session)
    await send('POST', '/v1/auth/logout', { body: { refreshToken: session.refreshToken } }).catch(() => {});
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, { body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);
