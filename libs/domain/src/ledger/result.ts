/**
 * The outcome of checking untrusted input. Failures are values, not exceptions, so a caller cannot
 * forget a try/catch and let a malformed artefact escape as a crash or, worse, as a pass.
 */
export type Result<T, R extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: R; readonly detail: string };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const fail = <R extends string>(
  reason: R,
  detail: string,
): { readonly ok: false; readonly reason: R; readonly detail: string } => ({ ok: false, reason, detail });
