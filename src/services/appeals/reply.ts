import { readFileSync } from "node:fs";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import type { AppealRow } from "../../db/repositories/appeals.js";
import { t } from "../../i18n/index.js";
import type { ServiceContext } from "../context.js";
import { ServiceError, unavailable } from "../errors.js";
import { tx } from "../people.js";
import type { AppealContact } from "./input.js";
import { applyChange, loadAppealFor } from "./shared.js";
import { openAppealJson } from "./appealSeal.js";
import type { TelegramApi } from "./telegramApi.js";

// Writing back to a family by the channel their appeal came in: an e-mail appeal is answered by e-mail (SMTP,
// threaded under their letter), a Telegram appeal by the bot in their chat — only when they let us write there.
// The message is a template in the appeal's language plus the coordinator's note. The family's address or chat
// id is opened from the sealed contact only to send; the history and audit log say which channel and template,
// never where to; the note is sealed in the history like every staff note.

export const replyTemplates = ["needs_info", "status"] as const;
export type ReplyTemplate = (typeof replyTemplates)[number];
export const replyInput = z.object({ template: z.enum(replyTemplates), note: z.string().trim().max(4000).optional() });

export interface MailReplySettings {
  transport: Transporter;
  /** The organisation's address the family sees (and answers to): "Appeals <appeals@org.example>". */
  from: string;
}

export interface ReplyChannels {
  mail?: MailReplySettings | undefined;
  telegram?: TelegramApi | undefined;
}

// Set once per process at start-up (serve, tests); a process without them answers that the channel is not set up.
let channels: ReplyChannels = {};
export function configureReplyChannels(c: ReplyChannels): void {
  channels = c;
}

/**
 * SMTP settings from the environment: ALLFORALL_SMTP_URL = smtps://USER@HOST[:465] (TLS) or smtp://USER@HOST[:587]
 * (STARTTLS, required), the password in ALLFORALL_SMTP_PASSWORD(_FILE), ALLFORALL_SMTP_FROM, ALLFORALL_SMTP_CA_FILE.
 */
export function mailReplySettingsFromEnv(env: NodeJS.ProcessEnv): MailReplySettings | null {
  if (!env.ALLFORALL_SMTP_URL) return null;
  let url: URL;
  try {
    url = new URL(env.ALLFORALL_SMTP_URL);
  } catch {
    throw new Error("ALLFORALL_SMTP_URL: not a URL (expected smtps://user@host:465)");
  }
  if (url.protocol !== "smtps:" && url.protocol !== "smtp:") throw new Error(`ALLFORALL_SMTP_URL: expected smtps:// (TLS) or smtp:// (STARTTLS, required), got ${url.protocol}//`);
  const from = env.ALLFORALL_SMTP_FROM;
  if (!from) throw new Error("ALLFORALL_SMTP_FROM: the address replies come from is missing (e.g. Appeals <appeals@org.example>)");
  const user = decodeURIComponent(url.username);
  const pass = url.password ? decodeURIComponent(url.password) : env.ALLFORALL_SMTP_PASSWORD_FILE ? readFileSync(env.ALLFORALL_SMTP_PASSWORD_FILE, "utf8").trim() : env.ALLFORALL_SMTP_PASSWORD;
  const secure = url.protocol === "smtps:";
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // Never in clear: smtp:// must upgrade with STARTTLS or the message is not sent.
    requireTLS: !secure,
    ...(user ? { auth: { user, pass: pass ?? "" } } : {}),
    tls: { rejectUnauthorized: true, ...(env.ALLFORALL_SMTP_CA_FILE ? { ca: readFileSync(env.ALLFORALL_SMTP_CA_FILE, "utf8") } : {}) },
    logger: false,
    debug: false,
  });
  return { transport, from };
}

/** How a reply would go back to this family, if at all (for the triage screen). */
export function replyChannelOf(row: Pick<AppealRow, "channel">, contact: AppealContact | null): "email" | "telegram" | null {
  if (!contact) return null;
  if (row.channel === "email" && contact.method === "email" && contact.value && channels.mail) return "email";
  if (row.channel === "telegram" && typeof contact.telegramChatId === "number" && channels.telegram) return "telegram";
  return null;
}

export async function replyToFamily(ctx: ServiceContext, id: string, input: unknown): Promise<AppealRow> {
  const { template, note } = replyInput.parse(input ?? {});
  // Opening the contact needs the same right as reading it on the triage screen.
  const row = await tx(ctx, async (db) => {
    const r = await loadAppealFor(db, ctx, id, "triage");
    await loadAppealFor(db, ctx, id, "readSensitive");
    return r;
  });
  if (row.status === "merged") throw new ServiceError("conflict", "this appeal was merged into another one; act on that one");
  const contact = row.contactEnc ? openAppealJson<AppealContact>(ctx.cipher, row.contactEnc) : null;
  const via = replyChannelOf(row, contact);
  if (!via || !contact) throw new ServiceError("conflict", "this appeal has no way back to the family: reply by the contact method they gave");
  const lang = row.language;
  const status = row.status;
  const lines = [
    template === "needs_info" ? t(lang, "appealReply.needs_info") : t(lang, "appealReply.status", { status: t(lang, `appeal.status.value.${status}`) }),
    ...(template === "status" ? [t(lang, `appeal.status.explain.${status}`)] : []),
    ...(note ? ["", t(lang, "appealReply.note"), note] : []),
    "",
    t(lang, "appealReply.answer"),
  ];
  const body = lines.join("\n");
  try {
    if (via === "email") {
      const mail = channels.mail!;
      await mail.transport.sendMail({
        from: mail.from,
        to: contact.value!,
        subject: t(lang, "appealReply.subject"),
        text: body,
        ...(contact.messageId ? { inReplyTo: contact.messageId, references: [contact.messageId] } : {}),
      });
    } else await channels.telegram!.sendMessage(contact.telegramChatId!, body);
  } catch (e) {
    // The transport's error may name the address: only its class goes to the log.
    ctx.log.warn({ channel: via, problem: (e as Error).name }, "appeal reply could not be sent");
    throw unavailable("the message could not be sent to the family; nothing was recorded, try again later", 30);
  }
  // Sent: record that it was (a failure above records nothing and the coordinator sees the error).
  return tx(ctx, async (db) => {
    const fresh = await loadAppealFor(db, ctx, id, "triage");
    return applyChange(db, ctx, fresh, { kind: "replied", audit: "appeal.replied", detail: { channel: via, template }, note });
  });
}
