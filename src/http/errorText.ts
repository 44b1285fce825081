// Error answers in the language of the request (Accept-Language, or ?lang=): ServiceError sentences through the
// table in src/i18n/serverTexts.ts, zod issues as "<field's label>: <what is wrong>". Codes (`error`, the issue's
// path) stay the same in every language, so clients can still act on them.
import type { FastifyRequest } from "fastify";
import type { ZodError } from "zod";
import { fieldLabel } from "../i18n/fieldLabels.js";
import { formatNumber, pickLocale, t, type Locale, type MessageKey } from "../i18n/index.js";
import { localizeServerText } from "../i18n/serverTexts.js";

type Issue = ZodError["issues"][number];

export function apiLocale(request: FastifyRequest): Locale {
  const q = (request.query as { lang?: unknown } | undefined)?.lang;
  const header = request.headers["accept-language"];
  return pickLocale(typeof q === "string" ? q : null, typeof header === "string" ? header : null);
}

export const serverText = localizeServerText;

const typeKeys: Record<string, MessageKey> = {
  string: "validation.type.string",
  number: "validation.type.number",
  int: "validation.type.int",
  boolean: "validation.type.boolean",
  array: "validation.type.array",
  object: "validation.type.object",
  date: "validation.type.date",
};

const formatKeys: Record<string, MessageKey> = {
  email: "validation.format.email",
  uuid: "validation.format.uuid",
  guid: "validation.format.uuid",
  url: "validation.format.url",
  date: "validation.format.date",
  datetime: "validation.format.datetime",
};

/** What is wrong, without the field: a sentence the schema wrote itself (translated), or one made from the issue's code. */
function problem(locale: Locale, issue: Issue): string {
  if (isOwnMessage(issue)) return localizeServerText(locale, issue.message);
  const num = (n: number | bigint) => formatNumber(locale, Number(n));
  switch (issue.code) {
    case "invalid_type":
      if (/received undefined$/.test(issue.message)) return t(locale, "validation.required");
      return t(locale, "validation.expected", { type: t(locale, typeKeys[issue.expected] ?? "validation.type.other") });
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string")
        return min <= 1 && issue.inclusive !== false ? t(locale, "validation.empty") : t(locale, issue.exact ? "validation.exactChars" : "validation.minChars", { count: min });
      if (issue.origin === "array" || issue.origin === "set") return t(locale, "validation.minItems", { count: min });
      return t(locale, issue.inclusive === false ? "validation.aboveNumber" : "validation.minNumber", { n: num(issue.minimum as number) });
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return t(locale, issue.exact ? "validation.exactChars" : "validation.maxChars", { count: max });
      if (issue.origin === "array" || issue.origin === "set") return t(locale, "validation.maxItems", { count: max });
      return t(locale, issue.inclusive === false ? "validation.belowNumber" : "validation.maxNumber", { n: num(issue.maximum as number) });
    }
    case "invalid_format":
      return t(locale, formatKeys[issue.format] ?? "validation.format");
    case "invalid_value":
      return t(locale, "validation.oneOf", { values: issue.values.map(String).join(", ") });
    case "unrecognized_keys":
      return t(locale, "validation.unknownKeys", { keys: issue.keys.join(", ") });
    case "not_multiple_of":
      return t(locale, "validation.multipleOf", { n: num(issue.divisor as number) });
    default:
      // A refinement's sentence missing from the table: English readers still get it, others a plain word.
      return issue.code === "custom" && locale === "en" ? issue.message : t(locale, "validation.invalid");
  }
}

/** In English a schema's own sentence is kept as written; zod's built-in wording is replaced by ours. */
function isOwnMessage(issue: Issue): boolean {
  return localizeServerText("ru", issue.message) !== issue.message;
}

/** One issue as the reader's sentence: "Фамилия: обязательное поле". */
export function issueMessage(locale: Locale, issue: Issue): string {
  const message = problem(locale, issue);
  if (issue.code === "unrecognized_keys") return message;
  const field = fieldLabel(locale, issue.path);
  return field ? t(locale, "validation.withField", { field, message }) : message;
}

/** The JSON body of a 400 for a ZodError. */
export function validationErrorBody(locale: Locale, error: ZodError): { error: "invalid"; message: string; issues: { path: string; message: string }[] } {
  return {
    error: "invalid",
    message: t(locale, "validation.invalidRequest"),
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: issueMessage(locale, i) })),
  };
}
