import { afterAll, beforeAll, describe, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { createUser } from "../../src/services/accounts.js";
import { configureReplyChannels } from "../../src/services/appeals/reply.js";
import { TelegramApi } from "../../src/services/appeals/telegramApi.js";
import { submitTelegramAppeal } from "../../src/services/appeals/telegramBot.js";
import { startBotApi, type BotApiStandIn } from "../helpers/botApi.js";
import { commitAppealsNow } from "../helpers/appeals.js";
import { PASSWORD } from "./flows.js";
import { signInEnrollingTotp, startE2E, type E2E } from "./harness.js";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// The coordinator writes back to a family from the triage screen, in Russian, and the message leaves by the
// channel the appeal came in (here the Telegram bot, through the Bot API stand-in).

let e2e: E2E;
let bot: BotApiStandIn;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  bot = await startBotApi();
  configureReplyChannels({ telegram: new TelegramApi({ token: bot.token, baseUrl: bot.url }) });
  const email = "coordinator-replies@example.org";
  await createUser(e2e.rt.systemCtx(), { email, role: "coordinator", password: PASSWORD });
  ({ page } = await e2e.newPage());
  await signInEnrollingTotp(page, e2e.base, email);
  // The rest of the test reads the staff app in Russian, as the coordinators do.
  await page.evaluate(() => localStorage.setItem("aff.locale", "ru"));
}, 120_000);

afterAll(async () => {
  configureReplyChannels({});
  await bot?.close();
  await e2e?.close();
});

describe("replies from the triage screen", () => {
  it("asks a Telegram family for more information in their chat, from the Russian triage screen", async () => {
    await submitTelegramAppeal(
      e2e.rt.systemCtx("telegram"),
      { heldName: "Горинов Алексей", heldBirthDate: "1961", heldWhere: null, heldArticle: null, heldSince: null, requests: [], text: "Помогите.", replyHere: true, safetyNote: null, publicityConsent: "none", exchangeConsent: "unknown" },
      "ru",
      90210,
    );
    // Held until the hour is over, then committed (src/services/appeals/hold.ts).
    await commitAppealsNow(e2e.rt);
    await page.goto(`${e2e.base}/app/appeals`);
    await page.getByRole("button", { name: /Горинов Алексей/ }).click();
    const reply = page.getByRole("group", { name: "Написать семье через Telegram, на её языке:" });
    await reply.waitFor();
    await page.getByLabel("Заметка").fill("В каком учреждении он сейчас?");
    await reply.getByRole("button", { name: "Отправить: нужны сведения (с примечанием)" }).click();
    await page.getByText("сообщение отправлено семье").waitFor();
    await bot.repliesTo(90210, 1);
    const text = bot.sent.find((s) => s.chat_id === 90210)!.text;
    if (!text.includes("нам нужно больше сведений") || !text.includes("В каком учреждении он сейчас?")) throw new Error(`unexpected reply: ${text}`);
  });
});
