import pino from "pino";

// A failed query's error carries its parameters: Drizzle's message ends "params: <every value>", and the
// driver's error keeps the query and its values. Those values are names, appeal text, sealed fields, session
// hashes and CSRF tokens (a failed restore printed them). Logs and the CLI get the query's shape and the
// database's reason, never the values.

type ErrorLike = Error & { query?: unknown; params?: unknown; code?: unknown; cause?: unknown; detail?: unknown };

/** The message without parameter values (and without the DETAIL line, which quotes the conflicting key). */
export function safeErrorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const err = e as ErrorLike;
  let message = err.message.replace(/\nparams: [\s\S]*$/, "\nparams: [not shown]");
  const cause = err.cause instanceof Error ? (err.cause as ErrorLike) : undefined;
  // The database's reason can quote a value too ('invalid input syntax for type integer: "…"'): values are cut out.
  if (cause && "params" in err) message += `\ncause: ${withoutValues(cause.message, err.params)}${typeof cause.code === "string" ? ` (${cause.code})` : ""}`;
  return message;
}

function withoutValues(text: string, params: unknown): string {
  const values = (Array.isArray(params) ? params : []).map((p) => (typeof p === "string" ? p : JSON.stringify(p) ?? "")).filter((v) => v.length >= 2);
  let out = text;
  for (const v of values.sort((a, b) => b.length - a.length)) out = out.split(v).join("[value]");
  // A part of a value (one field of a JSON parameter) is quoted as "…" by the database: quoted parts go too.
  return out.replace(/"[^"]*"/g, '"[value]"');
}

/** pino's error serializer minus the values: use for every logger (runtime, CLI, Fastify). */
export function safeErrorSerializer(e: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(e instanceof Error)) return { type: typeof e, message: String(e), stack: "" };
  const err = e as ErrorLike;
  const out: { type: string; message: string; stack: string; [key: string]: unknown } = { type: err.name, message: safeErrorMessage(err), stack: (err.stack ?? "").replace(err.message, safeErrorMessage(err)) };
  if (typeof err.code === "string") out.code = err.code;
  return out;
}

export const safeSerializers = { err: safeErrorSerializer, error: safeErrorSerializer };

export function safeLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return destination ? pino({ level, serializers: safeSerializers }, destination) : pino({ level, serializers: safeSerializers });
}
