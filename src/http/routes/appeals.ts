import type { FastifyReply, FastifyRequest } from "fastify";
import { replyInput, replyToFamily } from "../../services/appeals/reply.js";
import { z, type ZodError } from "zod";
import type { Locale } from "../../i18n/index.js";
import { errorPage, formPage, receiptPage, statusPage, type FieldErrors, type FormValues, type Rendered, type StatusLookup } from "../../public/appeal/pages.js";
import { page, requestLocale } from "../../public/layout.js";
import {
  AppealRefused,
  appealStatusByCode,
  assignAppealLawyer,
  listAssignableLawyers,
  closeAppeal,
  createPersonFromAppeal,
  getAppeal,
  issueAppealFormToken,
  linkAppealToPerson,
  listAppealQueue,
  mergeAppeals,
  publicAppealInput,
  readAppealAttachment,
  requestAppealInfo,
  startReview,
  submitAppeal,
  suggestAppealMatches,
  updateAppealDetails,
} from "../../services/appeals/index.js";
import { appealDetailsInput, appealQueueQuery, assignInput, closeInput, createPersonFromAppealInput, linkInput, mergeInput, noteInput } from "../../services/appeals/input.js";
import type { PublicAppealInput } from "../../services/appeals/input.js";
import type { ServiceContext } from "../../services/context.js";
import { presentAppealDetail, presentAppealQueueItem, presentAppealRow, presentSuggestions } from "../presenters/appeal.js";
import { defineRoute, type AnyRoute } from "../route.js";

// Public pages: the form, the receipt, the status check. Their abuse protection is all first-party: a per-client
// rate limit (note: behind a Tor onion service every visitor shares one client address, hence configurable),
// a body limit, a honeypot field, a signed one-time form token bound to the client (src/services/appeals/formToken.ts)
// and the hourly allowances of the intake (src/services/appeals/intakeLimits.ts).
const SUBMITS_PER_MINUTE = Number(process.env.ALLFORALL_APPEAL_RATE_LIMIT ?? 10);
const STATUS_CHECKS_PER_MINUTE = Number(process.env.ALLFORALL_APPEAL_STATUS_RATE_LIMIT ?? 10);
const PAGES_PER_MINUTE = Number(process.env.ALLFORALL_APPEAL_PAGE_RATE_LIMIT ?? 60);
// Room for the longest Cyrillic appeal the form allows (each letter is 6 bytes once percent-encoded).
const FORM_BODY_LIMIT = 96 * 1024;

const lenient = <T extends z.ZodTypeAny>(s: T) => s.optional().catch(undefined);
const langQuery = z.object({ lang: lenient(z.string().max(10)) }).passthrough();
// The form posts strings; the service validates them (so errors can be shown beside the fields).
const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

function send(reply: FastifyReply, request: FastifyRequest, locale: Locale, r: Rendered, status = 200): FastifyReply {
  // no-store: the receipt shows the appeal code once; neither it nor typed answers may sit in a cache.
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("content-language", locale)
    .send(page({ locale, title: r.title, body: r.body, path: request.url, noindex: true }));
}

function htmlError(back: "/appeal" | "/appeal/status") {
  return (_error: unknown, status: number, request: FastifyRequest): string => {
    const locale = requestLocale(request);
    const kind = status === 429 ? "rateLimited" : status === 413 ? "tooLarge" : status >= 500 ? "server" : "refused";
    const r = errorPage(locale, kind, back);
    return page({ locale, title: r.title, body: r.body, path: request.url, noindex: true });
  };
}

/** The page language of a form post: the hidden field, then ?lang=, then Accept-Language. */
function formLocale(request: FastifyRequest, body: FormValues): Locale {
  const lang = typeof body.lang === "string" ? body.lang : undefined;
  return lang === "ru" || lang === "uk" || lang === "en" ? lang : requestLocale(request);
}

function fieldErrors(e: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of e.issues) {
    const name = String(i.path[0] ?? "");
    if (!name || out[name]) continue;
    if (i.code === "too_big") out[name] = { key: "appeal.error.tooLong", max: Number((i as { maximum?: number | bigint }).maximum ?? 0) };
    else if (i.code === "too_small") out[name] = { key: name === "heldName" && !(i as { input?: unknown }).input ? "appeal.error.required" : "appeal.error.tooShort" };
    else if (i.code === "invalid_type") out[name] = { key: "appeal.error.required" };
    else out[name] = { key: "appeal.error.invalid" };
  }
  return out;
}

const resendNotice = {
  too_fast: "appeal.resend.too_fast",
  expired: "appeal.resend.expired",
  replayed: "appeal.resend.replayed",
  other_client: "appeal.resend.other_client",
  client_limit: "appeal.resend.client_limit",
  busy: "appeal.resend.busy",
} as const;

async function handleSubmit(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply, body: FormValues) {
  const locale = formLocale(request, body);
  const again = (status: number, extra: { errors?: FieldErrors; notice?: Parameters<typeof formPage>[1]["notice"] }) =>
    send(reply, request, locale, formPage(locale, { token: issueAppealFormToken(ctx, request.ip), values: body, ...extra }), status);
  const input = { ...body, lang: locale };
  const parsed = publicAppealInput.safeParse(input);
  if (!parsed.success) return again(400, { errors: fieldErrors(parsed.error) });
  try {
    const r = await submitAppeal(ctx, input as PublicAppealInput, request.ip);
    return send(reply, request, locale, receiptPage(locale, r.code));
  } catch (e) {
    if (!(e instanceof AppealRefused)) throw e;
    // A bot that filled the honeypot gets a dead end; a person whose token was stale keeps everything typed.
    if (e.reason === "honeypot") return send(reply, request, locale, errorPage(locale, "refused"), 400);
    const notice = e.reason in resendNotice ? resendNotice[e.reason as keyof typeof resendNotice] : "appeal.resend.token";
    // Too many appeals this hour (from this connection, or for the whole organisation): try later or write by
    // another channel; the form keeps what was typed.
    if (e.reason === "busy" || e.reason === "client_limit") {
      reply.header("retry-after", String(3600 - Math.floor((ctx.now().getTime() % 3_600_000) / 1000)));
      return again(e.reason === "busy" ? 503 : 429, { notice });
    }
    return again(400, { notice });
  }
}

const idParams = z.object({ id: z.uuid() });

const action = (url: string, summary: string, body: z.ZodTypeAny, run: (ctx: ServiceContext, id: string, body: unknown) => Promise<unknown>) =>
  defineRoute({
    method: "POST",
    url: `/api/v1/appeals/:id/${url}`,
    summary,
    tag: "appeals",
    api: true,
    permission: { action: "triage", resource: "appeal" },
    params: idParams,
    body,
    async handler({ ctx, params, body: b }) {
      const r = await run(ctx, params.id, b);
      const row = (r as { appeal?: unknown }).appeal ?? r;
      const created = r as { personId?: string; warnings?: unknown[] };
      return { ...presentAppealRow(row as Parameters<typeof presentAppealRow>[0]), ...(created.personId ? { createdPersonId: created.personId, warnings: created.warnings ?? [] } : {}) };
    },
  });

export const appealRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/appeal",
    summary: "Public appeal form (ru/uk/en)",
    tag: "public",
    permission: "public",
    responds: "raw",
    rateLimitPerMinute: PAGES_PER_MINUTE,
    rateLimitInMemory: true,
    query: langQuery,
    errorPage: htmlError("/appeal"),
    async handler({ ctx, request, reply }) {
      const locale = requestLocale(request);
      return send(reply, request, locale, formPage(locale, { token: issueAppealFormToken(ctx, request.ip) }));
    },
  }),
  defineRoute({
    method: "POST",
    url: "/appeal",
    summary: "Submit an appeal; answers with the receipt and the appeal code",
    tag: "public",
    permission: "public",
    responds: "raw",
    rateLimitPerMinute: SUBMITS_PER_MINUTE,
    rateLimitInMemory: true,
    bodyLimit: FORM_BODY_LIMIT,
    query: langQuery,
    body: formBody,
    errorPage: htmlError("/appeal"),
    async handler({ ctx, request, reply, body }) {
      return handleSubmit(ctx, request, reply, body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/appeal/status",
    summary: "Appeal status form",
    tag: "public",
    permission: "public",
    responds: "raw",
    rateLimitPerMinute: PAGES_PER_MINUTE,
    rateLimitInMemory: true,
    query: langQuery,
    errorPage: htmlError("/appeal/status"),
    async handler({ request, reply }) {
      const locale = requestLocale(request);
      return send(reply, request, locale, statusPage(locale, { kind: "form" }));
    },
  }),
  defineRoute({
    method: "POST",
    url: "/appeal/status",
    summary: "Look up an appeal's status by its code (shows the status only)",
    tag: "public",
    permission: "public",
    responds: "raw",
    // The code is the only secret: lookups are rate-limited so that guessing is hopeless as well as slow.
    rateLimitPerMinute: STATUS_CHECKS_PER_MINUTE,
    rateLimitInMemory: true,
    bodyLimit: 4 * 1024,
    query: langQuery,
    body: formBody,
    errorPage: htmlError("/appeal/status"),
    async handler({ ctx, request, reply, body }) {
      const locale = formLocale(request, body);
      const typed = (typeof body.code === "string" ? body.code : "").slice(0, 200);
      const view = await appealStatusByCode(ctx, typed);
      const r: StatusLookup = view ? { kind: "found", view } : { kind: "notFound", typed };
      return send(reply, request, locale, statusPage(locale, r), view ? 200 : 404);
    },
  }),

  // Triage API (the staff app's appeals screen).
  defineRoute({
    method: "GET",
    url: "/api/v1/appeals/lawyers",
    summary: "Lawyers an appeal can be assigned to (id and name only)",
    tag: "appeals",
    api: true,
    permission: { action: "triage", resource: "appeal" },
    async handler({ ctx }) {
      return { items: await listAssignableLawyers(ctx) };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/appeals",
    summary: "Appeal queue with status, assignee, language and the matcher's suggestions",
    tag: "appeals",
    api: true,
    permission: { action: "list", resource: "appeal" },
    query: appealQueueQuery,
    async handler({ ctx, query }) {
      const r = await listAppealQueue(ctx, query);
      return { total: r.total, limit: r.limit, offset: r.offset, items: r.items.map(presentAppealQueueItem) };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/appeals/:id",
    summary: "One appeal with its history; contact and text for roles that may read them (audited)",
    tag: "appeals",
    api: true,
    permission: { action: "read", resource: "appeal" },
    params: idParams,
    async handler({ ctx, params }) {
      return presentAppealDetail(await getAppeal(ctx, params.id));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/appeals/:id/suggestions",
    summary: "Registry people this appeal may be about, and other appeals about the same person, with explanations",
    tag: "appeals",
    api: true,
    permission: { action: "read", resource: "appeal" },
    params: idParams,
    async handler({ ctx, params }) {
      return presentSuggestions(await suggestAppealMatches(ctx, params.id));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/appeals/:id/attachments/:attachmentId",
    summary: "Download an attachment of an appeal (audited)",
    tag: "appeals",
    api: true,
    permission: { action: "readSensitive", resource: "appeal" },
    params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
    responds: "raw",
    async handler({ ctx, params, reply }) {
      const a = await readAppealAttachment(ctx, params.id, params.attachmentId);
      // Always a download, never rendered by the browser: attachments come from strangers.
      return reply
        .header("content-type", "application/octet-stream")
        .header("content-disposition", `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(a.filename ?? "attachment")}`)
        .header("x-original-content-type", a.contentType.replace(/[^\w./+-]/g, ""))
        .header("cache-control", "no-store")
        .send(a.content);
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/v1/appeals/:id",
    summary: "Fill in or correct who the appeal is about",
    tag: "appeals",
    api: true,
    permission: { action: "triage", resource: "appeal" },
    params: idParams,
    body: appealDetailsInput,
    async handler({ ctx, params, body }) {
      return presentAppealRow(await updateAppealDetails(ctx, params.id, body));
    },
  }),
  action("review", "Start (or reopen) the review of an appeal", z.object({}).optional(), (ctx, id) => startReview(ctx, id)),
  action("link", "Link the appeal to an existing registry person", linkInput, linkAppealToPerson),
  action("create-person", "Create a registry person from the appeal and link it; like POST /api/v1/people, a probable duplicate answers 409 probableDuplicate unless confirmDistinct: true", createPersonFromAppealInput, createPersonFromAppeal),
  action("merge", "Merge this appeal into another appeal about the same person", mergeInput, mergeAppeals),
  action("request-info", "Ask the family for more information", noteInput, requestAppealInfo),
  action("reply", "Write to the family by the channel the appeal came in (e-mail or the Telegram bot): a template in the appeal's language (needs_info or status) and an optional note", replyInput, replyToFamily),
  action("assign", "Assign a lawyer (also gives the lawyer the linked person)", assignInput, assignAppealLawyer),
  action("close", "Close the appeal with a reason", closeInput, closeAppeal),
];
