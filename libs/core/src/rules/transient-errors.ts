/**
 * Failures of the infrastructure rather than of the work: the same job is expected to succeed when
 * retried later. Everything else is a fault that retrying would only repeat.
 */
export class TransientError extends Error {
  override name = 'TransientError';
}

/** PostgreSQL SQLSTATE classes and codes that say "try again", not "this is wrong". */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57', '58'];
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '55006']);

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// TypeORM releases a transaction's query runner when its connection drops (a PostgreSQL restart),
// so the transaction's next query fails with one of these rather than with the connection error.
const TRANSIENT_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

const TRANSIENT_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /enableOfflineQueue/i,
  /Reached the max retries per request/i,
];

/** Whether an error, or the error it wraps, is one a retry with backoff may cure. */
export function isTransientError(error: unknown, depth = 0): boolean {
  // Read by shape, not `instanceof Error`: errors made in another realm (Node's own, seen from a
  // sandbox such as a test runner's) are errors all the same.
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  if (error instanceof TransientError) return true;
  const { name, message, code, driverError, cause, errors } = error as Partial<Error> & {
    code?: unknown;
    driverError?: unknown;
    errors?: unknown;
  };
  if (typeof name === 'string' && (name === 'MaxRetriesPerRequestError' || TRANSIENT_NAMES.has(name)))
    return true;
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  if (typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Node reports a connection to a host with several addresses that all refused as an AggregateError.
  if (Array.isArray(errors) && errors.some((each) => isTransientError(each, depth + 1))) return true;
  return isTransientError(driverError, depth + 1) || isTransientError(cause, depth + 1);
}
