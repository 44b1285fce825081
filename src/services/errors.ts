import type { NotFoundThing, ServerText } from "../i18n/serverTexts.js";

// Service errors carry an HTTP-neutral kind; the HTTP layer maps kinds to status codes, the CLI to messages.
// Messages are English sentences from the table in src/i18n/serverTexts.ts (the type refuses any other), which the
// HTTP layer answers in the language of Accept-Language; add a new sentence there with its Russian and Ukrainian.
export type ServiceErrorKind = "not_found" | "forbidden" | "unauthenticated" | "invalid" | "conflict" | "rate_limited" | "unavailable" | "moved";

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: ServerText,
    readonly details?: unknown,
    /** A more specific name for the answer's `error` field (e.g. "probableDuplicate"); its details are spread into the answer. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Not yet: the answer needs something still being prepared (the person index at start-up); try again in `retryAfterS`. */
export const unavailable = (message: ServerText, retryAfterS = 2) => new ServiceError("unavailable", message, { retryAfterS });
export const notFound = (what: NotFoundThing) => new ServiceError("not_found", `${what} not found`);
export const invalid = (message: ServerText, details?: unknown) => new ServiceError("invalid", message, details);
export const conflict = (message: ServerText) => new ServiceError("conflict", message);

/**
 * The person was merged into another record. Reads answer 308 to the survivor; `location` is filled in by the
 * HTTP layer from the request URL (the old id replaced by the survivor's).
 */
export class PersonMoved extends ServiceError {
  constructor(
    readonly mergedId: string,
    readonly survivorId: string,
  ) {
    super("moved", `this person was merged into ${survivorId}`, { survivorId });
  }
}
