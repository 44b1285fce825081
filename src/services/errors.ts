import type { NotFoundThing, ServerText } from "../i18n/serverTexts.js";

// Service errors carry an HTTP-neutral kind; the HTTP layer maps kinds to status codes, the CLI to messages.
// Messages are English sentences from the table in src/i18n/serverTexts.ts (the type refuses any other), which the
// HTTP layer answers in the language of Accept-Language; add a new sentence there with its Russian and Ukrainian.
export type ServiceErrorKind = "not_found" | "forbidden" | "unauthenticated" | "invalid" | "conflict" | "rate_limited";

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: ServerText,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const notFound = (what: NotFoundThing) => new ServiceError("not_found", `${what} not found`);
export const invalid = (message: ServerText, details?: unknown) => new ServiceError("invalid", message, details);
export const conflict = (message: ServerText) => new ServiceError("conflict", message);
