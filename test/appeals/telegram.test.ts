import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTelegramBot } from "../../src/app/appealChannels.js";
import { getAppeal } from "../../src/services/appeals/triage.js";
import { TelegramBot, telegramSettingsFromEnv } from "../../src/services/appeals/telegramBot.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { startBotApi, type BotApiStandIn, type SentMessage } from "../helpers/botApi.js";
import { makeUser } from "../helpers/factories.js";
import { commitAppealsNow } from "../helpers/appeals.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

// The Telegram intake against a local stand-in of the Bot API (real paths and shapes, long polling).

let rt: TestRuntime;
let api: BotApiStandIn;
let bot: TelegramBot;
let stop: AbortController;
let running: Promise<void>;

beforeAll(async () => {
  rt = await createTestRuntime();
  api = await startBotApi();
  bot = new TelegramBot(() => rt.systemCtx("telegram"), { token: api.token, baseUrl: api.url, pollSeconds: 1 });
  stop = new AbortController();
  running = bot.run(stop.signal);
});
afterAll(async () => {
  stop.abort();
  await running;
  await api.close();
  await rt.close();
});

/** The family writes; returns what the bot answered (all of it: waits until the bot falls silent). */
async function say(chat: number, text: string | null, opts?: { languageCode?: string; chatType?: "private" | "group" }): Promise<SentMessage[]> {
  const before = api.sent.filter((s) => s.chat_id === chat).length;
  // The bot asks for the next updates only after it has answered this one in full.
  await api.handled(api.write(chat, text, opts));
  return api.sent.filter((s) => s.chat_id === chat).slice(before);
}
const last = (m: SentMessage[]) => m[m.length - 1]!;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await rt.database.db.execute(q)) as unknown as { rows: T[] }).rows;

describe("the Telegram bot intake", () => {
  let code = "";

  it("walks a Russian family through the form's questions in Russian and gives the appeal code", async () => {
    const chat = 5551001;
    const hello = await say(chat, "Здравствуйте, мой сын в СИЗО", { languageCode: "ru" });
    expect(last(hello).text).toContain("Выберите язык");
    expect(last(hello).reply_markup?.keyboard?.[0]?.map((b) => b.text)).toEqual(["Русский", "Українська", "English"]);
    const welcome = await say(chat, "Русский");
    expect(welcome[0]!.text).toContain("Обязательно только имя");
    expect(last(welcome).text).toContain("ФИО");
    const short = await say(chat, "x");
    expect(short[0]!.text).toContain("Слишком коротко");
    expect(last(short).text).toContain("ФИО");
    expect(last(await say(chat, "Горинов Алексей Александрович")).text).toContain("Дата рождения");
    expect(last(await say(chat, "12.09.1961")).text).toContain("Где содержится");
    expect(last(await say(chat, "ИК-3, Владимирская область")).text).toContain("Статья обвинения");
    expect(last(await say(chat, "Пропустить")).text).toContain("Под стражей с");
    const requests = await say(chat, "-");
    expect(last(requests).text).toContain("1. Юридическая помощь (адвокат)");
    expect((await say(chat, "7"))[0]!.text).toContain("Я не понял");
    expect(last(await say(chat, "1 3")).text).toContain("Что ещё нам важно знать");
    expect(last(await say(chat, "Осуждён по ч. 2 ст. 207.3, у него больное сердце.")).text).toContain("Можно ли писать вам в этот чат");
    expect(last(await say(chat, "1")).text).toContain("Как связаться с вами безопасно");
    expect(last(await say(chat, "Пишите только вечером")).text).toContain("рассказывать об этом человеке публично");
    expect(last(await say(chat, "Только без имени")).text).toContain("на включение в обмен");
    const summary = await say(chat, "2");
    expect(summary[0]!.text).toContain("ФИО: Горинов Алексей Александрович");
    expect(summary[0]!.text).toContain("О чём вы просите?: Юридическая помощь (адвокат), Медицинская помощь");
    expect(summary[0]!.text).toContain("Согласен ли человек (или семья) на включение в обмен?: Да");
    expect(last(summary).text).toContain("Отправить?");
    const receipt = await say(chat, "Отправить");
    code = /\n\n([a-z]+(?:-[a-z]+){4})\n\n/.exec(receipt[0]!.text)?.[1] ?? "";
    expect(code).toMatch(/^[a-z]{4}(-[a-z]{4}){4}$/);
    expect(receipt[0]!.text).toContain("Ваше обращение получено");
    expect(receipt[0]!.reply_markup).toEqual({ remove_keyboard: true });
    expect(receipt[1]!.text).toContain(`/status ${code}`);
    expect(bot.open).toBe(0); // the conversation is forgotten once the appeal is stored

    // Held until the hour is over, then committed in shuffled order (src/services/appeals/hold.ts).
    await commitAppealsNow(rt);
    const [row] = await rows<{ id: string; channel: string; language: string; held_name: string; held_birth_date: string; requests: string[]; publicity_consent: string; exchange_consent: string }>(
      sql`select id, channel, language, held_name, held_birth_date, requests, publicity_consent, exchange_consent from appeal`,
    );
    // The held person's name and birth date are stored sealed with the field key; opened, they are as given.
    expect([row!.held_name, row!.held_birth_date].every((v) => v.startsWith("v1."))).toBe(true);
    expect({ ...row, held_name: rt.cipher.open(row!.held_name), held_birth_date: rt.cipher.open(row!.held_birth_date) }).toMatchObject({ channel: "telegram", language: "ru", held_name: "Горинов Алексей Александрович", held_birth_date: "12.09.1961", requests: ["legal_help", "medical_help"], publicity_consent: "anonymised", exchange_consent: "consents" });
    const coord = await makeUser(rt, "coordinator");
    const d = await getAppeal(coord.ctx, row!.id);
    expect(d.contact).toMatchObject({ method: "messenger", value: "Telegram", safetyNote: "Пишите только вечером", telegramChatId: chat });
    expect(d.text?.body).toContain("больное сердце");
  });

  it("stores it like the form: sealed text and chat id, the hour only, no trace of the conversation", async () => {
    const dump = (await rows<{ j: string }>(sql`select coalesce(string_agg(row_to_json(t)::text, E'\n'), '') as j from (select * from appeal) t`))[0]!.j;
    for (const secret of ["5551001", "больное", "вечером", code]) expect(dump).not.toContain(secret);
    const times = await rows<{ at: string }>(sql`select received_at as at from appeal union all select created_at from appeal union all select at from appeal_event where kind = 'submitted' union all select at from audit_event where type = 'appeal.submitted'`);
    for (const x of times) expect(new Date(x.at).getTime() % 3_600_000).toBe(0);
    const audit = (await rows<{ d: string }>(sql`select string_agg(detail::text, E'\n') as d from audit_event`))[0]!.d;
    expect(audit).toContain('"channel": "telegram"');
    expect(audit).not.toContain("5551001");
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("answers /status CODE (also typed in Cyrillic) with the stage only", async () => {
    const other = 5551002;
    const s = await say(other, `/status ${code}`, { languageCode: "ru" });
    expect(s[0]!.text).toMatch(/^Статус: Получено\. Последнее изменение: \d\d\.\d\d\.\d{4}\./);
    expect(s[0]!.text).not.toContain("Горинов");
    const cyr = code.replace(/[a-z]/g, (ch) => ({ a: "а", b: "б", d: "д", e: "е", f: "ф", g: "г", k: "к", l: "л", m: "м", n: "н", o: "о", p: "п", r: "р", s: "с", t: "т", u: "у", v: "в", z: "з", i: "и", h: "х" })[ch] ?? ch);
    expect((await say(other, `/status ${cyr.toUpperCase().replace(/-/g, " ")}`))[0]!.text).toContain("Статус: Получено");
    expect((await say(other, "/status bako-bako-bako-bako-bako"))[0]!.text).toContain("Обращение с таким кодом не найдено");
    expect((await say(other, "/status"))[0]!.text).toContain("/status и код");
  });

  it("speaks Ukrainian to a Ukrainian family; a family that refuses contact leaves no chat id", async () => {
    const chat = 5551003;
    const hello = await say(chat, "/start", { languageCode: "uk" });
    expect(last(hello).reply_markup?.keyboard?.[0]?.[0]?.text).toBe("Українська");
    expect(last(await say(chat, "Українська")).text).toContain("Прізвище, ім’я, по батькові");
    await say(chat, "Коваленко Іван Петрович");
    for (const skip of ["-", "-", "-", "-", "-", "-"]) await say(chat, skip);
    expect(last(await say(chat, "2")).text).toContain("про цю людину публічно");
    await say(chat, "1");
    const summary = await say(chat, "1");
    expect(summary[0]!.text).toContain("Ні, не пишіть мені");
    const receipt = await say(chat, "1");
    expect(receipt[0]!.text).toContain("Ваше звернення отримано");
    await commitAppealsNow(rt);
    const stored = await rows<{ id: string; language: string; contact_enc: string | null; held_name: string }>(sql`select id, language, contact_enc, held_name from appeal`);
    const row = stored.find((r) => rt.cipher.open(r.held_name) === "Коваленко Іван Петрович");
    expect(row).toMatchObject({ language: "uk", contact_enc: null });
  });

  it("/cancel stores nothing; files and group chats get a clear answer", async () => {
    const taken = sql`select ((select count(*) from appeal) + (select count(*) from held_appeal))::int as n`;
    const before = (await rows<{ n: number }>(taken))[0]!.n;
    const chat = 5551004;
    await say(chat, "/start", { languageCode: "en" });
    await say(chat, "English");
    expect(last(await say(chat, null)).text).toContain("Please answer in text");
    await say(chat, "Ivanov Sergei");
    expect(last(await say(chat, "/cancel")).text).toContain("Nothing was stored");
    expect(bot.open).toBe(0);
    expect((await say(-100200, "hello", { chatType: "group", languageCode: "en" }))[0]!.text).toContain("private chat");
    expect((await rows<{ n: number }>(taken))[0]!.n).toBe(before);
  });
});

describe("the bot in the server", () => {
  it("runs on one leader; a second poller would be refused by Telegram, so none starts", async () => {
    const api2 = await startBotApi();
    const settings = { token: api2.token, baseUrl: api2.url, pollSeconds: 1 };
    const stopA = runTelegramBot(rt, settings, { leaderRetryMs: 100 });
    const stopB = rt.database.kind === "postgres" ? runTelegramBot(rt, settings, { leaderRetryMs: 100 }) : async () => {};
    try {
      api2.write(777, "/start", { languageCode: "ru" });
      await api2.repliesTo(777, 1);
      await new Promise((r) => setTimeout(r, 1500));
      expect(api2.conflicts).toBe(0);
      expect(api2.sent.filter((s) => s.chat_id === 777)).toHaveLength(1);
    } finally {
      await stopA();
      await stopB();
      await api2.close();
    }
  });

  it("reads the token from the environment and refuses one that is not a bot token", () => {
    expect(telegramSettingsFromEnv({})).toBeNull();
    expect(telegramSettingsFromEnv({ ALLFORALL_TELEGRAM_TOKEN: "123456789:AAH-abcdefghijklmnopqrstu", ALLFORALL_TELEGRAM_API: "http://127.0.0.1:8081" })).toMatchObject({ baseUrl: "http://127.0.0.1:8081" });
    expect(() => telegramSettingsFromEnv({ ALLFORALL_TELEGRAM_TOKEN: "not a token" })).toThrow(/BotFather/);
  });
});
