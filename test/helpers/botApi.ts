import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { TelegramMessage, TelegramUpdate } from "../../src/services/appeals/telegramApi.js";

// A stand-in of the Telegram Bot API for tests: HTTP on loopback, the real paths (/bot<token>/<method>), the real
// request and response shapes ({ok, result} / {ok:false, error_code, description}), long polling of getUpdates
// with offset confirmation, and 409 Conflict when two pollers ask at once, as Telegram does.

export interface SentMessage {
  chat_id: number;
  text: string;
  reply_markup?: { keyboard?: { text: string }[][]; remove_keyboard?: boolean };
}

export interface BotApiStandIn {
  url: string;
  token: string;
  sent: SentMessage[];
  /** A message from a family: queued as an update for the next getUpdates. Returns its update_id. */
  write(chatId: number, text: string | null, opts?: { languageCode?: string; chatType?: "private" | "group" }): number;
  /** Resolves once the bot asked for updates after this one: it has finished handling it (and said all it had to). */
  handled(updateId: number, ms?: number): Promise<void>;
  /** Wait until the bot has sent `n` messages in all to this chat; returns them. */
  repliesTo(chatId: number, n: number, ms?: number): Promise<SentMessage[]>;
  /** getUpdates calls refused with 409 because another poller was waiting. */
  conflicts: number;
  close(): Promise<void>;
}

export async function startBotApi(token = "123456789:AAH-test-token-for-the-stand-in-xyz"): Promise<BotApiStandIn> {
  let nextUpdate = 1;
  let nextMessage = 1;
  let queue: TelegramUpdate[] = [];
  const sent: SentMessage[] = [];
  let waiting: { res: ServerResponse; offset: number; timer: NodeJS.Timeout } | null = null;
  const state = { conflicts: 0, highestOffset: 0 };

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const deliver = () => {
    if (!waiting) return;
    const ready = queue.filter((u) => u.update_id >= waiting!.offset);
    if (!ready.length) return;
    clearTimeout(waiting.timer);
    answer(waiting.res, 200, { ok: true, result: ready });
    waiting = null;
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
      if (!m || m[1] !== token) return answer(res, m ? 401 : 404, { ok: false, error_code: m ? 401 : 404, description: m ? "Unauthorized" : "Not Found" });
      const params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      if (m[2] === "getUpdates") {
        if (waiting) {
          state.conflicts++;
          return answer(res, 409, { ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
        }
        const offset = Number(params.offset ?? 0);
        state.highestOffset = Math.max(state.highestOffset, offset);
        // Asking with an offset confirms every update before it: Telegram forgets them.
        queue = queue.filter((u) => u.update_id >= offset);
        const timeout = Math.min(Number(params.timeout ?? 0), 50);
        waiting = { res, offset, timer: setTimeout(() => (waiting = null, answer(res, 200, { ok: true, result: [] })), timeout * 1000) };
        res.on("close", () => {
          if (waiting?.res === res) {
            clearTimeout(waiting.timer);
            waiting = null;
          }
        });
        return deliver();
      }
      if (m[2] === "sendMessage") {
        const chatId = Number(params.chat_id);
        if (typeof params.text !== "string" || !params.text) return answer(res, 400, { ok: false, error_code: 400, description: "Bad Request: message text is empty" });
        sent.push({ chat_id: chatId, text: params.text, ...(params.reply_markup ? { reply_markup: params.reply_markup as SentMessage["reply_markup"] } : {}) });
        const msg: TelegramMessage = { message_id: nextMessage++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, from: { id: 123456789, is_bot: true, first_name: "Appeals" }, text: params.text };
        return answer(res, 200, { ok: true, result: msg });
      }
      return answer(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    sent,
    get conflicts() {
      return state.conflicts;
    },
    write(chatId, text, opts = {}) {
      const message: TelegramMessage = {
        message_id: nextMessage++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: opts.chatType ?? "private" },
        from: { id: chatId, is_bot: false, first_name: "Мария", ...(opts.languageCode ? { language_code: opts.languageCode } : {}) },
        ...(text === null ? {} : { text }),
      };
      const id = nextUpdate++;
      queue.push({ update_id: id, message });
      deliver();
      return id;
    },
    async handled(updateId, ms = 10_000) {
      const end = Date.now() + ms;
      while (state.highestOffset <= updateId) {
        if (Date.now() > end) throw new Error(`the bot did not finish update ${updateId}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async repliesTo(chatId, n, ms = 10_000) {
      const end = Date.now() + ms;
      for (;;) {
        const mine = sent.filter((s) => s.chat_id === chatId);
        if (mine.length >= n) return mine;
        if (Date.now() > end) throw new Error(`the bot sent ${mine.length} of ${n} messages to ${chatId}: ${JSON.stringify(mine.map((s) => s.text.slice(0, 60)))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      if (waiting) {
        clearTimeout(waiting.timer);
        answer(waiting.res, 200, { ok: true, result: [] });
        waiting = null;
      }
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
