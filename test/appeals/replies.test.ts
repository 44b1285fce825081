import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../../src/server.js";
import { importMailFile } from "../../src/services/appeals/importMail.js";
import { configureReplyChannels, mailReplySettingsFromEnv, replyToFamily } from "../../src/services/appeals/reply.js";
import { requestAppealInfo } from "../../src/services/appeals/actions.js";
import { TelegramApi } from "../../src/services/appeals/telegramApi.js";
import { submitTelegramAppeal } from "../../src/services/appeals/telegramBot.js";
import type { Answers } from "../../src/services/appeals/telegramConversation.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { startBotApi, type BotApiStandIn } from "../helpers/botApi.js";
import { makeUser, signInHeaders } from "../helpers/factories.js";
import { appealIdByCode, appealIdByMessageId } from "../helpers/appeals.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";
import { AIOSMTPD, startSmtp, type SmtpServer } from "../helpers/smtp.js";

// Replies to families by the channel their appeal came in: e-mail through a real SMTP server (Debian's aiosmtpd,
// STARTTLS with a certificate made here) and Telegram through the Bot API stand-in.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/mail/${name}`, import.meta.url));
if (!AIOSMTPD) console.warn("reply tests skipped: aiosmtpd is not installed (apt-get install python3-aiosmtpd openssl; CI installs it)");

let rt: TestRuntime;
let app: FastifyInstance;
let smtp: SmtpServer;
let bot: BotApiStandIn;
let dir: string;

const answers = (over: Partial<Answers> = {}): Answers => ({
  heldName: "Коваленко Іван Петрович",
  heldBirthDate: "1958",
  heldWhere: "СІЗО-2 Таганрог",
  heldArticle: null,
  heldSince: null,
  requests: ["exchange_list"],
  text: "Прошу допомогти батькові.",
  replyHere: true,
  safetyNote: null,
  publicityConsent: "none",
  exchangeConsent: "unknown",
  ...over,
});

describe.skipIf(!AIOSMTPD)("replies to families", () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    app = await createServer(rt);
    smtp = await startSmtp();
    bot = await startBotApi();
    dir = mkdtempSync(join(tmpdir(), "aff-reply-"));
    writeFileSync(join(dir, "ca.pem"), smtp.ca);
    configureReplyChannels({
      // smtp:// means STARTTLS, required; the test server's certificate is trusted through the CA file.
      mail: mailReplySettingsFromEnv({ ALLFORALL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ALLFORALL_SMTP_FROM: "Приёмная <appeals@org.test>", ALLFORALL_SMTP_CA_FILE: join(dir, "ca.pem") })!,
      telegram: new TelegramApi({ token: bot.token, baseUrl: bot.url }),
    });
  }, 60_000);
  afterAll(async () => {
    configureReplyChannels({});
    await app?.close();
    await rt?.close();
    await smtp?.stop();
    await bot?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("asks an e-mailing family for more, by e-mail in Russian, threaded under their letter", async () => {
    await importMailFile(rt.systemCtx("import"), fixture("utf8-multipart-qp.eml"));
    // Held until the hour is over, then committed (src/services/appeals/hold.ts).
    const id = await appealIdByMessageId(rt, "<20240305101455.A1B2C3@example.ru>");
    const coord = await makeUser(rt, "coordinator");
    await requestAppealInfo(coord.ctx, id, {});
    await replyToFamily(coord.ctx, id, { template: "needs_info", note: "Пришлите, пожалуйста, номер уголовного дела." });

    const [raw] = smtp.messages();
    expect(raw).toBeDefined();
    const m = await simpleParser(raw!);
    expect(m.to && !Array.isArray(m.to) ? m.to.value[0]!.address : null).toBe("maria.ivanova.1960@example.ru");
    expect(m.from?.value[0]).toMatchObject({ address: "appeals@org.test", name: "Приёмная" });
    expect(m.subject).toBe("Ваше обращение");
    expect(m.inReplyTo).toBe("<20240305101455.A1B2C3@example.ru>");
    expect(m.text).toContain("Спасибо за ваше обращение. Чтобы помочь, нам нужно больше сведений.");
    expect(m.text).toContain("Пришлите, пожалуйста, номер уголовного дела.");
    expect(m.text).not.toContain("Иванов"); // the reply names nobody

    // Recorded: the channel and template, never the address; the note sealed.
    const audit = ((await rt.database.db.execute(sql`select detail::text as d from audit_event where type = 'appeal.replied'`)) as unknown as { rows: { d: string }[] }).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.d).toContain('"channel": "email"');
    const all = ((await rt.database.db.execute(sql`select string_agg(detail::text, ' ') as d from audit_event`)) as unknown as { rows: { d: string }[] }).rows[0]!.d;
    expect(all).not.toContain("maria");
    expect(all).not.toContain("номер уголовного");
    const ev = ((await rt.database.db.execute(sql`select kind, note_enc from appeal_event where appeal_id = ${id} and kind = 'replied'`)) as unknown as { rows: { kind: string; note_enc: string }[] }).rows;
    expect(ev[0]!.note_enc).toMatch(/^v1\./);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("sends a Telegram family the status in Ukrainian, in their chat", async () => {
    const id = await appealIdByCode(rt, (await submitTelegramAppeal(rt.systemCtx("telegram"), answers(), "uk", 424242)).code);
    const coord = await makeUser(rt, "coordinator");
    await replyToFamily(coord.ctx, id, { template: "status" });
    const sent = bot.sent.filter((s) => s.chat_id === 424242);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("Дякуємо за ваше звернення. Його статус зараз: Отримано.");
  });

  it("refuses a family that did not allow contact, and records nothing when the mail server is down", async () => {
    const coord = await makeUser(rt, "coordinator");
    const silent = await appealIdByCode(rt, (await submitTelegramAppeal(rt.systemCtx("telegram"), answers({ replyHere: false }), "uk", 515151)).code);
    await expect(replyToFamily(coord.ctx, silent, { template: "status" })).rejects.toMatchObject({ kind: "conflict" });
    expect(bot.sent.filter((s) => s.chat_id === 515151)).toHaveLength(0);

    await importMailFile(rt.systemCtx("import"), fixture("koi8r-8bit.eml"));
    const importedId = await appealIdByMessageId(rt, "<koi8.7781@example.net>");
    configureReplyChannels({ mail: mailReplySettingsFromEnv({ ALLFORALL_SMTP_URL: "smtp://127.0.0.1:9", ALLFORALL_SMTP_FROM: "appeals@org.test" })! });
    try {
      await expect(replyToFamily(coord.ctx, importedId, { template: "status" })).rejects.toMatchObject({ kind: "unavailable" });
    } finally {
      configureReplyChannels({
        mail: mailReplySettingsFromEnv({ ALLFORALL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ALLFORALL_SMTP_FROM: "appeals@org.test", ALLFORALL_SMTP_CA_FILE: join(dir, "ca.pem") })!,
        telegram: new TelegramApi({ token: bot.token, baseUrl: bot.url }),
      });
    }
    const n = ((await rt.database.db.execute(sql`select count(*)::int as n from appeal_event where kind = 'replied'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(n).toBe(2);
  });

  it("over HTTP: the triage detail says how a reply would go, and POST …/reply sends it; researchers may not", async () => {
    const id = await appealIdByCode(rt, (await submitTelegramAppeal(rt.systemCtx("telegram"), answers({ heldName: "Шевченко Олег" }), "ru", 616161)).code);
    const coord = await makeUser(rt, "coordinator");
    const h = await signInHeaders(app, coord.email);
    const d = await app.inject({ method: "GET", url: `/api/v1/appeals/${id}`, headers: h });
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ channel: "telegram", replyVia: "telegram", contact: { method: "messenger", value: "Telegram" } });
    expect(d.body).not.toContain("616161"); // the chat id stays on the server
    const r = await app.inject({ method: "POST", url: `/api/v1/appeals/${id}/reply`, headers: { ...h, "accept-language": "ru" }, payload: { template: "needs_info", note: "Где он сейчас?" } });
    expect(r.statusCode).toBe(200);
    expect(bot.sent.filter((s) => s.chat_id === 616161)[0]!.text).toContain("Спасибо за ваше обращение. Чтобы помочь, нам нужно больше сведений.\n\nОт координатора:\nГде он сейчас?");
    const bad = await app.inject({ method: "POST", url: `/api/v1/appeals/${id}/reply`, headers: { ...h, "accept-language": "ru" }, payload: { template: "hello" } });
    expect(bad.statusCode).toBe(400);
    const researcher = await makeUser(rt, "researcher");
    const rh = await signInHeaders(app, researcher.email);
    expect((await app.inject({ method: "POST", url: `/api/v1/appeals/${id}/reply`, headers: rh, payload: { template: "status" } })).statusCode).toBeGreaterThanOrEqual(403);
  });
});
