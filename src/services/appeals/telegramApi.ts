// A small client of the Telegram Bot API (https://core.telegram.org/bots/api): getUpdates long polling and
// sendMessage, over HTTPS to api.telegram.org or a configured base URL (a local Bot API server, a test stand-in).
// The token is part of every URL, so URLs and request bodies are never logged.

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  language_code?: string;
}
export interface TelegramChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
}
export interface TelegramMessage {
  message_id: number;
  date: number;
  chat: TelegramChat;
  from?: TelegramUser;
  text?: string;
}
export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
}

export type ReplyMarkup = { keyboard: { text: string }[][]; one_time_keyboard?: boolean; resize_keyboard?: boolean } | { remove_keyboard: true };

export class TelegramApiError extends Error {
  override name = "TelegramApiError";
  constructor(
    readonly status: number,
    readonly description: string,
    readonly retryAfter: number | null,
  ) {
    super(`Telegram Bot API: ${status} ${description}`);
  }
}

export interface TelegramApiOptions {
  token: string;
  /** https://api.telegram.org by default. */
  baseUrl?: string | undefined;
}

export class TelegramApi {
  private readonly base: string;
  constructor(private readonly opts: TelegramApiOptions) {
    this.base = (opts.baseUrl ?? "https://api.telegram.org").replace(/\/+$/, "");
  }

  private async call<T>(method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.base}/bot${this.opts.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
      ...(signal ? { signal } : {}),
    });
    const body = (await res.json().catch(() => null)) as { ok: boolean; result?: T; description?: string; error_code?: number; parameters?: { retry_after?: number } } | null;
    if (!body || !body.ok) throw new TelegramApiError(body?.error_code ?? res.status, body?.description ?? "no answer", body?.parameters?.retry_after ?? null);
    return body.result as T;
  }

  /** Long polling: waits up to `timeout` seconds for updates after `offset` (which also confirms the earlier ones). */
  getUpdates(offset: number, timeout: number, signal?: AbortSignal): Promise<TelegramUpdate[]> {
    return this.call<TelegramUpdate[]>("getUpdates", { offset, timeout, allowed_updates: ["message"] }, signal);
  }

  sendMessage(chatId: number, text: string, replyMarkup?: ReplyMarkup): Promise<TelegramMessage> {
    return this.call<TelegramMessage>("sendMessage", { chat_id: chatId, text, ...(replyMarkup ? { reply_markup: replyMarkup } : {}) });
  }
}
