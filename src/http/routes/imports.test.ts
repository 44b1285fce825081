import { describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;

useTestServer((s) => ({ rt, app } = s));

// A Russian NGO's sheet as it comes: cp1251, Russian headers, DD.MM.YYYY dates, one impossible date.
const rows = ["№;ФИО;Дата рождения;Пол;Дата задержания", "1;Иванов Иван Иванович;31.02.1980;м;26.04.2022", "2;Петров Пётр Петрович;12.09.1961;м;26.04.2022"].join("\r\n");
/** Cyrillic А–я, Ё/ё and № in Windows-1251 (TextEncoder writes only UTF-8). */
const cp1251 = (s: string) => Buffer.from([...s].map((ch) => { const c = ch.charCodeAt(0); if (c < 128) return c; if (c === 0x2116) return 0xb9; if (c === 0x401) return 0xa8; if (c === 0x451) return 0xb8; return c - 0x410 + 0xc0; }));

describe("imports API", () => {
  it("a refused sheet answers 400 with the reason in the request's language, not 200 (the Import screen took it for a report and went blank)", async () => {
    const h = await signInHeaders(app, (await makeUser(rt, "admin")).email);
    const send = (lang: string, category?: string) =>
      app.inject({ method: "POST", url: "/api/v1/imports/people", headers: { ...h, "accept-language": lang }, payload: { fileName: "ovd.csv", contentBase64: cp1251(rows).toString("base64"), dryRun: true, ...(category ? { category } : {}) } });
    const ru = await send("ru");
    expect(ru.statusCode).toBe(400);
    expect(ru.json().message).toMatch(/^ovd\.csv: нет колонки категории/);
    // The screen's own field is named, not the CLI's --category flag.
    expect(ru.json().message).toContain("выберите выше «Категория для строк без неё»");
    expect(ru.json().message).not.toContain("--category");
    const uk = await send("uk");
    expect(uk.statusCode).toBe(400);
    expect(uk.json().message).toMatch(/^ovd\.csv: немає колонки категорії/);
    expect(uk.json().message).toContain("виберіть вище «Категорія для рядків без неї»");
    const ok = await send("ru", "ru_political_prisoner");
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ encoding: "windows-1251", rows: 2, failed: 1 });
    const issue = ok.json().issues[0];
    expect(issue.message).toContain("31.02.1980");
    expect(issue.message, issue.message).not.toMatch(/[A-Za-z]{4,}/);
    // A row's unknown category names the screen's field too, not the CLI's flag (in the report and the refused rows' CSV).
    const cat = await app.inject({ method: "POST", url: "/api/v1/imports/people", headers: { ...h, "accept-language": "ru" }, payload: { fileName: "c.csv", contentBase64: cp1251("ФИО;Категория\r\nИванов Иван Иванович;марсианин").toString("base64"), dryRun: true } });
    expect(cat.statusCode).toBe(200);
    expect(cat.json().issues[0].message).toContain("либо выберите выше «Категория для строк без неё»");
    expect(cat.json().refusedCsv).not.toContain("--category");
  });
});
