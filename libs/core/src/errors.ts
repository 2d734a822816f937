/**
 * Typed errors the services raise. The HTTP layer maps each kind to a status once, in one filter;
 * anything else is a bug and becomes a 500 without its message leaking.
 */
export type ErrorKind =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'bad_request'
  | 'too_large'
  | 'unavailable'
  | 'unauthenticated'
  | 'forbidden'
  | 'too_many_requests';

export abstract class QuorateError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends QuorateError {
  readonly kind = 'not_found' as const;
}

export class ConflictError extends QuorateError {
  readonly kind = 'conflict' as const;
}

/** Well-formed input that the domain refuses, such as an unknown asset class. */
export class InvalidInputError extends QuorateError {
  readonly kind = 'invalid' as const;
}

/** Input refused on its face, where only the service can tell (a URL whose host resolves to a private address). */
export class BadRequestError extends QuorateError {
  readonly kind = 'bad_request' as const;
}

export class ContentTooLargeError extends QuorateError {
  readonly kind = 'too_large' as const;
}

export class UnavailableError extends QuorateError {
  readonly kind = 'unavailable' as const;
}

export class UnauthenticatedError extends QuorateError {
  readonly kind = 'unauthenticated' as const;
}

/** The caller is known but may not do this, such as a bot submitting to a class it was not given. */
export class ForbiddenError extends QuorateError {
  readonly kind = 'forbidden' as const;
}

export class TooManyRequestsError extends QuorateError {
  readonly kind = 'too_many_requests' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}

/** A conflict that clears by itself shortly, such as a ledger entry not yet integrated: retry later. */
export class PendingError extends ConflictError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}
