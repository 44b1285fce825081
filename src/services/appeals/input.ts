import { z } from "zod";
import { appealCloseReasons, appealLanguages, appealRequests, appealStatuses } from "../../db/schema/appeal.js";
import { exchangeConsents, personCategories, publicityConsents, sexes } from "../../db/schema/enums.js";
import { birthDateInput } from "../personInput.js";

// Input shapes of the appeal services. The public form posts url-encoded strings: empty fields arrive as "",
// a single checked checkbox as a string and several as an array, so the web schema is lenient in shape and
// strict in size.

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((s) => (s ? s : null));

const oneOrMany = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const contactMethods = ["none", "email", "phone", "messenger", "post", "other"] as const;
export type ContactMethod = (typeof contactMethods)[number];

/** Limits of the public form, shared with the page (maxlength attributes) and the route's body limit. */
export const FORM_LIMITS = { name: 300, birth: 40, where: 300, article: 100, since: 100, text: 8000, contact: 300, safety: 1000 } as const;

export const publicAppealInput = z.object({
  lang: z.enum(appealLanguages).default("en"),
  token: z.string().max(200).optional(),
  // The honeypot: hidden from people by CSS, filled in by form-filling bots.
  website: z.string().max(2000).optional(),
  heldName: z.string().trim().min(2).max(FORM_LIMITS.name),
  heldBirthDate: optionalText(FORM_LIMITS.birth),
  heldWhere: optionalText(FORM_LIMITS.where),
  heldArticle: optionalText(FORM_LIMITS.article),
  heldSince: optionalText(FORM_LIMITS.since),
  requests: oneOrMany.pipe(z.array(z.enum(appealRequests)).max(appealRequests.length)),
  text: optionalText(FORM_LIMITS.text),
  contactMethod: z.enum(contactMethods).default("none"),
  contactValue: optionalText(FORM_LIMITS.contact),
  safetyNote: optionalText(FORM_LIMITS.safety),
  publicityConsent: z.enum(publicityConsents).default("none"),
  exchangeConsent: z.enum(exchangeConsents).default("unknown"),
});
export type PublicAppealInput = z.input<typeof publicAppealInput>;
export type PublicAppealValues = z.output<typeof publicAppealInput>;

/** What a family's contact block holds once opened. */
export interface AppealContact {
  method: ContactMethod;
  value: string | null;
  safetyNote: string | null;
  name?: string | null;
  /** E-mail: the family's Message-ID, so that a reply threads with their letter. */
  messageId?: string | null;
  /** Telegram: the private chat the appeal came from, where replies go. */
  telegramChatId?: number | null;
}

/** The appeal's words: the form's text, or an e-mail's subject and body. */
export interface AppealText {
  subject?: string | null;
  body: string;
}

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((s) => (Array.isArray(s) ? s : s.split(",")).filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional();

// Query strings bring "true"/"false"; the service also takes the parsed booleans (routes parse, services re-check).
const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const appealQueueQuery = z.object({
  status: csv(appealStatuses),
  language: csv(appealLanguages),
  assigneeId: z.uuid().optional(),
  unassigned: flag.optional(),
  suggestions: flag.optional().transform((v) => v !== false),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AppealQueueQuery = z.output<typeof appealQueueQuery>;

export const linkInput = z.object({ personId: z.uuid() });
export const mergeInput = z.object({ intoId: z.uuid() });
export const noteInput = z.object({ note: z.string().trim().max(4000).optional() });
export const assignInput = z.object({ userId: z.uuid() });
export const closeInput = z.object({ reason: z.enum(appealCloseReasons), note: z.string().trim().max(4000).optional() });

export const createPersonFromAppealInput = z.object({
  category: z.enum(personCategories),
  primaryName: z.string().trim().min(1).max(300).optional(),
  alternateNames: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  sex: z.enum(sexes).default("unknown"),
  birthDate: birthDateInput.nullish(),
  homeRegion: z.string().max(200).nullish(),
  facilityName: z.string().max(300).nullish(),
  /** The matcher took the person for one already registered; the caller says it is someone else. */
  confirmDistinct: z.boolean().optional(),
});

/** Staff fill in or correct who the appeal is about (e-mails arrive without structured fields). */
export const appealDetailsInput = z
  .object({
    heldName: z.string().trim().min(2).max(FORM_LIMITS.name).nullable(),
    heldBirthDate: z.string().trim().max(FORM_LIMITS.birth).nullable(),
    heldWhere: z.string().trim().max(FORM_LIMITS.where).nullable(),
    heldArticle: z.string().trim().max(FORM_LIMITS.article).nullable(),
    heldSince: z.string().trim().max(FORM_LIMITS.since).nullable(),
    language: z.enum(appealLanguages),
    requests: z.array(z.enum(appealRequests)).max(appealRequests.length),
  })
  .partial();
