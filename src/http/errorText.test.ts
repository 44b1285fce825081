import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldLabels } from "../i18n/fieldLabels.js";
import { localizeServerText, serverTexts } from "../i18n/serverTexts.js";
import type { TestRuntime } from "../../test/helpers/runtime.js";
import { useTestServer } from "../../test/helpers/server.js";
import { makeUser, signInHeaders } from "../../test/helpers/factories.js";
import { issueMessage } from "./errorText.js";
import { allRoutes } from "./routes/index.js";

// Every field name and every sentence a schema writes itself, found by walking the routes' zod schemas.
function walk(schema: unknown, names: Set<string>, sentences: Set<string>, depth = 0): void {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def || depth > 16) return;
  for (const check of (def.checks as { _zod: { def: { error?: unknown } } }[] | undefined) ?? []) {
    const error = check._zod.def.error;
    if (typeof error === "function") {
      const text = (error as (i: object) => unknown)({});
      if (typeof text === "string") sentences.add(text);
    }
  }
  const next = (s: unknown) => walk(s, names, sentences, depth + 1);
  switch (def.type) {
    case "object":
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) names.add(k), next(v);
      break;
    case "array":
      next(def.element);
      break;
    case "pipe":
      next(def.in), next(def.out);
      break;
    case "union":
      for (const o of def.options as unknown[]) next(o);
      break;
    case "intersection":
      next(def.left), next(def.right);
      break;
    case "record":
      next(def.valueType);
      break;
    case "lazy":
      next((def.getter as () => unknown)());
      break;
    default:
      if ("innerType" in def) next(def.innerType);
  }
}

describe("error texts", () => {
  const names = new Set<string>();
  const sentences = new Set<string>();
  for (const r of allRoutes()) for (const s of [r.params, r.query, r.body]) walk(s, names, sentences);

  it("every field of every route has a label in en/ru/uk (src/i18n/fieldLabels.ts)", () => {
    expect(names.size).toBeGreaterThan(100);
    expect([...names].filter((n) => !Object.hasOwn(fieldLabels, n))).toEqual([]);
  });

  it("every sentence a route's schema writes itself is translated (src/i18n/serverTexts.ts)", () => {
    expect(sentences.size).toBeGreaterThan(5);
    expect([...sentences].filter((s) => localizeServerText("ru", s) === s)).toEqual([]);
  });

  it("the recognition rules' refusals are translated", () => {
    const src = readFileSync(new URL("../domain/recognition/decide.ts", import.meta.url), "utf8");
    const messages = [...src.matchAll(/message: (?:"([^"]+)"|`([^`]+)`)/g)].map((m) => (m[1] ?? m[2]!).replace(/\$\{[^}]*\}/g, "x"));
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const m of messages) expect(localizeServerText("uk", m), m).not.toBe(m);
  });

  it("every sentence has the same placeholders in all three languages", () => {
    const ph = (s: string) => [...(s.match(/\{\w+\}/g) ?? [])].sort();
    for (const [en, { ru, uk }] of Object.entries(serverTexts)) {
      expect(ph(ru), en).toEqual(ph(en));
      expect(ph(uk), en).toEqual(ph(en));
    }
  });

  it("fills variable parts in and translates a part that is itself a sentence", () => {
    expect(localizeServerText("ru", 'list.csv: no "name" column (found: ФИО, дата)')).toBe("list.csv: нет столбца «name» (найдены: ФИО, дата)");
    expect(localizeServerText("uk", "password: use at least 12 characters")).toBe("пароль: потрібно щонайменше 12 символів");
    expect(localizeServerText("ru", "exchange list not found")).toBe("список обмена не найден");
    expect(localizeServerText("ru", "a sentence nobody wrote down")).toBe("a sentence nobody wrote down");
    // A count whose noun would have to agree with any number is put as "людей: N из M" (it read "из 21 человек").
    const building = "the list is being built (5 of 21 people so far): try again when it is done";
    expect(localizeServerText("ru", building)).toBe("список ещё строится (обработано людей: 5 из 21): попробуйте снова, когда он будет готов");
    expect(localizeServerText("uk", building)).toMatch(/^список ще будується \(опрацьовано осіб: 5 з 21\)/);
  });

  it("makes zod issues into sentences with the field's label and Russian plural forms", () => {
    const schema = z.object({ surname: z.string().min(1), articles: z.array(z.object({ article: z.string().max(5) })), sentenceYears: z.number().max(50), email: z.email() });
    const r = schema.safeParse({ surname: "", articles: [{ article: "207.3.1.2" }], sentenceYears: 51, email: "x" });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => issueMessage("ru", i));
    expect(msgs).toEqual(["Фамилия: не должно быть пустым", "Статья (1): не больше 5 символов", "Срок: годы: не больше 50", "Электронная почта: введите правильный адрес электронной почты"]);
    const missing = z.object({ name: z.string() }).safeParse({});
    expect(issueMessage("uk", missing.error!.issues[0]!)).toBe("Ім’я: обов’язкове поле");
    expect(issueMessage("en", missing.error!.issues[0]!)).toBe("Name: required");
  });
});

describe("the API answers in the language of Accept-Language", () => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  useTestServer((s) => ({ rt, app } = s));
  beforeAll(async () => {
    headers = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
  });

  const badPerson = { primaryName: "", category: "ru_political_prisoner", birthDate: "08/07/1961" };
  const post = (lang: string | undefined) =>
    app.inject({ method: "POST", url: "/api/v1/people", headers: { ...headers, ...(lang ? { "accept-language": lang } : {}) }, payload: badPerson });

  it("a validation error in Russian for ru, in Ukrainian for uk, English otherwise; codes and paths the same", async () => {
    const [ru, uk, en] = await Promise.all([post("ru-RU,ru;q=0.9,en;q=0.5"), post("uk"), post(undefined)]);
    for (const r of [ru, uk, en]) expect(r.statusCode).toBe(400);
    expect(ru.json()).toMatchObject({ error: "invalid", message: "запрос заполнен неверно" });
    expect(ru.json().issues).toEqual(
      expect.arrayContaining([
        { path: "primaryName", message: "Имя: не должно быть пустым" },
        { path: "birthDate", message: "Дата рождения: нужна дата (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД) или год" },
      ]),
    );
    expect(uk.json().message).toBe("запит заповнено неправильно");
    expect(uk.json().issues).toContainEqual({ path: "primaryName", message: "Ім’я: не повинно бути порожнім" });
    expect(en.json().issues).toContainEqual({ path: "primaryName", message: "Name: must not be empty" });
    const paths = (r: typeof ru) => r.json().issues.map((i: { path: string }) => i.path).sort();
    expect(paths(ru)).toEqual(paths(en));
  });

  it("service errors in the reader's language", async () => {
    const missing = "/api/v1/lists/00000000-0000-4000-8000-000000000000";
    const ru = await app.inject({ url: missing, headers: { ...headers, "accept-language": "ru" } });
    expect(ru.statusCode).toBe(404);
    expect(ru.json()).toEqual({ error: "not_found", message: "список обмена не найден" });
    const uk = await app.inject({ url: missing, headers: { ...headers, "accept-language": "uk" } });
    expect(uk.json().message).toBe("список обміну не знайдено");
    const anonymous = await app.inject({ url: "/api/v1/people", headers: { "accept-language": "uk" } });
    expect(anonymous.json()).toEqual({ error: "unauthenticated", message: "спершу увійдіть у систему" });
  });
});
