import { readFileSync } from "node:fs";
import { t, type Locale } from "../../i18n/index.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { tx } from "../people.js";
import { generateAppealCode } from "./code.js";
import { hourlyAllowance } from "./intakeLimits.js";
import { storeIncomingAppeal } from "./intake.js";
import type { AppealContact, AppealText } from "./input.js";
import { AppealRefused, appealStatusByCode, type SubmittedAppeal } from "./submit.js";
import { TelegramApi, TelegramApiError, type TelegramUpdate } from "./telegramApi.js";
import { continueConversation, startConversation, type Answers, type Conversation, type Say } from "./telegramConversation.js";

// `allforall telegram run` and the bot inside `serve`: families answer the form's questions in a private chat and
// get the appeal code; `/status CODE` answers the stage. What the bot keeps: the conversation in progress, in this
// process's memory only, dropped when the appeal is sent, cancelled, or left for two hours; the chat id only
// inside the sealed contact, and only when the family lets us write back. Nothing is logged but counts.

export interface TelegramSettings {
  token: string;
  /** Bot API base URL: https://api.telegram.org, or a local Bot API server. */
  baseUrl?: string | undefined;
  /** Long-polling wait, seconds. */
  pollSeconds: number;
}

/** ALLFORALL_TELEGRAM_TOKEN or ALLFORALL_TELEGRAM_TOKEN_FILE, ALLFORALL_TELEGRAM_API; null when no bot is configured. */
export function telegramSettingsFromEnv(env: NodeJS.ProcessEnv): TelegramSettings | null {
  const token = env.ALLFORALL_TELEGRAM_TOKEN_FILE ? readFileSync(env.ALLFORALL_TELEGRAM_TOKEN_FILE, "utf8").trim() : env.ALLFORALL_TELEGRAM_TOKEN?.trim();
  if (!token) return null;
  if (!/^\d+:[\w-]{20,}$/.test(token)) throw new Error("ALLFORALL_TELEGRAM_TOKEN: not a bot token (expected 123456789:AA… as @BotFather gives it)");
  const baseUrl = env.ALLFORALL_TELEGRAM_API || undefined;
  if (baseUrl && !/^https?:\/\//.test(baseUrl)) throw new Error("ALLFORALL_TELEGRAM_API: expected an http(s):// URL");
  return { token, baseUrl, pollSeconds: 25 };
}

/** Store a confirmed Telegram appeal through the same door as the form; returns the receipt code. */
export async function submitTelegramAppeal(ctx: ServiceContext, a: Answers, lang: Locale, chatId: number): Promise<SubmittedAppeal> {
  const organisationId = actorOrganisationId(ctx.actor);
  const contact: AppealContact | null = a.replyHere ? { method: "messenger", value: "Telegram", safetyNote: a.safetyNote, telegramChatId: chatId } : null;
  const text: AppealText | null = a.text ? { body: a.text } : null;
  // The organisation's hourly allowance counts every channel (intakeLimits.ts): a flood through the bot meets it too.
  const allowance = await hourlyAllowance(ctx, organisationId);
  const code = generateAppealCode();
  const held = await tx(ctx, async (db) =>
    storeIncomingAppeal(db, ctx, {
      organisationId,
      channel: "telegram",
      language: lang,
      code,
      heldName: a.heldName,
      heldBirthDate: a.heldBirthDate,
      heldWhere: a.heldWhere,
      heldArticle: a.heldArticle,
      heldSince: a.heldSince,
      requests: a.requests,
      publicityConsent: a.publicityConsent,
      exchangeConsent: a.exchangeConsent,
      contact,
      text,
      event: { kind: "submitted", audit: "appeal.submitted", detail: { channel: "telegram", language: lang, requests: [...new Set(a.requests)], contactGiven: !!contact, textGiven: !!text } },
    }, { cap: allowance }),
  );
  // Held until its hour is over (hold.ts); the code works on /status at once.
  if (!held.held) throw new AppealRefused("busy");
  return { code };
}

const IDLE_MS = 2 * 3_600_000;
const MAX_APPEALS_PER_CHAT_HOUR = 3;

export class TelegramBot {
  private offset = 0;
  private readonly conversations = new Map<number, { c: Conversation; at: number }>();
  /** Per chat, when its recent appeals were sent (a flood guard; forgotten after an hour). */
  private readonly sent = new Map<number, number[]>();
  readonly api: TelegramApi;

  constructor(
    private readonly ctx: () => ServiceContext,
    private readonly settings: TelegramSettings,
  ) {
    this.api = new TelegramApi({ token: settings.token, baseUrl: settings.baseUrl });
  }

  /** How many conversations are in progress (tests check that a finished one is forgotten). */
  get open(): number {
    return this.conversations.size;
  }

  /** Poll until the signal aborts. Errors are logged without content and retried after a pause. */
  async run(signal: AbortSignal): Promise<void> {
    const log = this.ctx().log;
    while (!signal.aborted) {
      let updates: TelegramUpdate[];
      try {
        updates = await this.api.getUpdates(this.offset, this.settings.pollSeconds, signal);
      } catch (e) {
        if (signal.aborted) break;
        const wait = e instanceof TelegramApiError && e.retryAfter ? e.retryAfter * 1000 : 5000;
        log.warn({ problem: e instanceof TelegramApiError ? `${e.status} ${e.description}` : (e as Error).name }, "telegram: getUpdates failed; trying again");
        await pause(wait, signal);
        continue;
      }
      for (const u of updates) {
        this.offset = Math.max(this.offset, u.update_id + 1);
        await this.handle(u).catch((e: unknown) => log.error({ problem: (e as Error).name }, "telegram: an update could not be handled"));
      }
      this.forgetIdle(Date.now());
    }
  }

  async handle(u: TelegramUpdate): Promise<void> {
    const m = u.message;
    if (!m || m.from?.is_bot) return;
    const chatId = m.chat.id;
    const held = this.conversations.get(chatId);
    const lang: Locale = held?.c.lang ?? (m.from?.language_code?.startsWith("uk") ? "uk" : m.from?.language_code?.startsWith("en") ? "en" : "ru");
    if (m.chat.type !== "private") return void (await this.say(chatId, [{ text: t(lang, "telegram.privateOnly") }]));
    if (typeof m.text !== "string") return void (await this.say(chatId, [{ text: t(lang, "telegram.textOnly") }]));
    const text = m.text.trim();
    const command = /^\/(\w+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
    if (command) {
      const [, name, arg] = command;
      if (name === "status") return this.status(chatId, lang, arg ?? "");
      if (name === "cancel") {
        this.conversations.delete(chatId);
        return this.say(chatId, [{ text: t(lang, "telegram.cancelled"), keyboard: "remove" }]);
      }
      if (name === "start" || name === "help" || !held) return this.begin(chatId, m.from?.language_code);
    }
    if (!held) return this.begin(chatId, m.from?.language_code);
    const turn = continueConversation(held.c, text);
    if (turn.submit) return this.submit(chatId, held.c, turn.submit);
    if (turn.conversation) this.conversations.set(chatId, { c: turn.conversation, at: Date.now() });
    else this.conversations.delete(chatId);
    await this.say(chatId, turn.say);
  }

  private async begin(chatId: number, languageCode?: string): Promise<void> {
    const turn = startConversation(languageCode);
    this.conversations.set(chatId, { c: turn.conversation!, at: Date.now() });
    await this.say(chatId, turn.say);
  }

  private async submit(chatId: number, c: Conversation, answers: Answers): Promise<void> {
    const now = Date.now();
    const recent = (this.sent.get(chatId) ?? []).filter((at) => now - at < 3_600_000);
    if (recent.length >= MAX_APPEALS_PER_CHAT_HOUR) {
      this.conversations.delete(chatId);
      return this.say(chatId, [{ text: t(c.lang, "telegram.tooMany"), keyboard: "remove" }]);
    }
    let receipt: SubmittedAppeal;
    try {
      receipt = await submitTelegramAppeal(this.ctx(), answers, c.lang, chatId);
    } catch (e) {
      this.ctx().log.error({ problem: (e as Error).name }, "telegram: the appeal could not be stored");
      // The answers stay (in memory) so that "Send" can be pressed again.
      return this.say(chatId, [{ text: t(c.lang, "telegram.error") }]);
    }
    this.conversations.delete(chatId);
    this.sent.set(chatId, [...recent, now]);
    await this.say(chatId, [
      { text: `${t(c.lang, "telegram.receipt")}\n\n${receipt.code}\n\n${t(c.lang, "appeal.receipt.keep")}`, keyboard: "remove" },
      { text: `${t(c.lang, "telegram.receipt.status", { code: receipt.code })}\n\n${t(c.lang, "telegram.safety")}` },
    ]);
  }

  private async status(chatId: number, lang: Locale, code: string): Promise<void> {
    if (!code.trim()) return this.say(chatId, [{ text: t(lang, "telegram.status.usage") }]);
    const s = await appealStatusByCode(this.ctx(), code);
    if (!s) return this.say(chatId, [{ text: t(lang, "appeal.status.notFound") }]);
    const status = t(lang, `appeal.status.value.${s.status}`);
    await this.say(chatId, [{ text: `${t(lang, "telegram.status.result", { status, date: s.since.split("-").reverse().join(".") })}\n${t(lang, `appeal.status.explain.${s.status}`)}` }]);
  }

  private async say(chatId: number, says: Say[]): Promise<void> {
    for (const s of says)
      await this.api.sendMessage(
        chatId,
        s.text,
        s.keyboard === "remove" ? { remove_keyboard: true } : s.keyboard ? { keyboard: s.keyboard.map((row) => row.map((text) => ({ text }))), one_time_keyboard: true, resize_keyboard: true } : undefined,
      );
  }

  private forgetIdle(now: number): void {
    for (const [chat, v] of this.conversations) if (now - v.at > IDLE_MS) this.conversations.delete(chat);
    for (const [chat, times] of this.sent) if (times.every((at) => now - at >= 3_600_000)) this.sent.delete(chat);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
