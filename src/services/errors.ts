// Service errors carry an HTTP-neutral kind; the HTTP layer maps kinds to status codes, the CLI to messages.
export type ServiceErrorKind = "not_found" | "forbidden" | "unauthenticated" | "invalid" | "conflict" | "rate_limited" | "unavailable";

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const notFound = (what: string) => new ServiceError("not_found", `${what} not found`);
export const invalid = (message: string, details?: unknown) => new ServiceError("invalid", message, details);
export const conflict = (message: string) => new ServiceError("conflict", message);
/** Not yet: the answer needs something still being prepared (the person index at start-up); try again in `retryAfterS`. */
export const unavailable = (message: string, retryAfterS = 2) => new ServiceError("unavailable", message, { retryAfterS });
