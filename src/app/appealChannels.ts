import type { Runtime } from "./runtime.js";
import { safeErrorMessage } from "./safeErrors.js";
import { fetchMailbox, mailboxSettingsFromEnv, type MailboxSettings } from "../services/appeals/mailbox.js";
import { TelegramBot, telegramSettingsFromEnv, type TelegramSettings } from "../services/appeals/telegramBot.js";
import { configureReplyChannels, mailReplySettingsFromEnv, type MailReplySettings } from "../services/appeals/reply.js";
import { TelegramApi } from "../services/appeals/telegramApi.js";
import { runAsLeader } from "../services/leader.js";

// The appeal channels `serve` runs in the background when they are configured: the mailbox poll and the
// Telegram bot. Each runs on one leader only (src/services/leader.ts), so several workers or hosts sharing a
// PostgreSQL database do not fetch the same mailbox twice. Logs carry counts, never a sender or a word of a letter.

export interface ChannelSettings {
  mailbox: MailboxSettings | null;
  /** Seconds between two fetches of the mailbox. */
  mailboxIntervalSeconds: number;
  telegram: TelegramSettings | null;
  /** SMTP for replies to e-mailed appeals (replies to Telegram appeals go through the bot's token). */
  smtp: MailReplySettings | null;
}

export function channelSettingsFromEnv(env: NodeJS.ProcessEnv): ChannelSettings {
  const interval = Number(env.ALLFORALL_IMAP_INTERVAL ?? 60);
  if (!Number.isFinite(interval) || interval < 5) throw new Error(`ALLFORALL_IMAP_INTERVAL: expected seconds (at least 5), got "${env.ALLFORALL_IMAP_INTERVAL}"`);
  return { mailbox: mailboxSettingsFromEnv(env), mailboxIntervalSeconds: interval, telegram: telegramSettingsFromEnv(env), smtp: mailReplySettingsFromEnv(env) };
}

/** Start what is configured; the returned function stops it (and frees the leader locks). */
export function startAppealChannels(rt: Runtime, s: ChannelSettings, opts: { leaderRetryMs?: number } = {}): () => Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  // Every worker can send replies (a coordinator's request lands on any of them); only polling needs a leader.
  configureReplyChannels({ mail: s.smtp ?? undefined, telegram: s.telegram ? new TelegramApi({ token: s.telegram.token, baseUrl: s.telegram.baseUrl }) : undefined });
  const mailbox = s.mailbox;
  if (mailbox) {
    stops.push(
      runAsLeader(
        rt.database,
        "appeals-mailbox",
        async (signal) => {
          while (!signal.aborted) {
            try {
              const r = await fetchMailbox(rt.systemCtx("mailbox"), mailbox);
              if (r.messages) rt.log.info({ messages: r.messages, imported: r.imported, duplicates: r.duplicates, unreadable: r.failed.length }, "appeals mailbox fetched");
              if (r.failed.length) rt.log.warn({ uids: r.failed.map((f) => f.index) }, "appeals mailbox: messages that could not be imported were left in the mailbox");
            } catch (e) {
              rt.log.error({ problem: safeErrorMessage(e) }, "appeals mailbox: fetch failed; trying again later");
            }
            await sleep(s.mailboxIntervalSeconds * 1000, signal);
          }
        },
        { log: rt.log, ...(opts.leaderRetryMs ? { retryMs: opts.leaderRetryMs } : {}) },
      ),
    );
  }
  if (s.telegram) stops.push(runTelegramBot(rt, s.telegram, opts));
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}

/** The bot on the leader only: Telegram answers 409 Conflict to a second poller of the same bot. */
export function runTelegramBot(rt: Runtime, settings: TelegramSettings, opts: { leaderRetryMs?: number } = {}): () => Promise<void> {
  const bot = new TelegramBot(() => rt.systemCtx("telegram"), settings);
  return runAsLeader(rt.database, "telegram-bot", (signal) => bot.run(signal), { log: rt.log, ...(opts.leaderRetryMs ? { retryMs: opts.leaderRetryMs } : {}) });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
