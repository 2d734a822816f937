/**
 * Credentials travel in URLs more often than they should: `?access_token=…`, a signed link, a
 * webhook URL with `user:password@`. Logs and stored errors keep a URL's shape (scheme, host, path,
 * parameter names) and lose everything that could be a secret.
 */
const CENSOR = '[redacted]';
// scheme://[userinfo@]rest[?query]; userinfo cannot hold "/", so a path's "@" is left alone.
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*@)?([^\s?#"'<>]*)(\?[^\s#"'<>]*)?/gi;

/** A query string with every value replaced: `?a=1&b` → `?a=[redacted]&b=[redacted]`. */
function redactQuery(query: string): string {
  const pairs = query.slice(1).split('&');
  return `?${pairs.map((pair) => (pair === '' ? pair : `${pair.split('=')[0]}=${CENSOR}`)).join('&')}`;
}

/** A request target (path and query), as logged for each request. */
export function redactRequestUrl(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? url : url.slice(0, at) + redactQuery(url.slice(at));
}

/** Every absolute URL in a text (an error message, a stack) loses its userinfo and query values. */
export function redactUrls(text: string): string {
  return text.replace(
    URL_IN_TEXT,
    (_match, scheme: string, userinfo: string | undefined, rest: string, query: string | undefined) =>
      scheme + (userinfo ? `${CENSOR}@` : '') + rest + (query ? redactQuery(query) : ''),
  );
}

/** A parsed query object with every value replaced, for log serializers. */
export function redactQueryValues(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  return Object.fromEntries(Object.keys(query).map((key) => [key, CENSOR]));
}
