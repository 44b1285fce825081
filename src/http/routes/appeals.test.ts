import { describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { verifyAuditChain } from "../../services/audit.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";
import { commitAppealsNow } from "../../../test/helpers/appeals.js";

let rt: TestRuntime;
let app: FastifyInstance;
let clock = Date.parse("2026-04-01T09:00:00Z");
let ipSeq = 0;

useTestServer((s) => ({ rt, app } = s), { now: new Date(clock) });

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};
const formHeaders = { "content-type": "application/x-www-form-urlencoded" };

/** Each test talks from its own address so that the per-client rate limit of one test does not hit another. */
function client() {
  const remoteAddress = `10.1.0.${++ipSeq}`;
  return {
    get: (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers, remoteAddress }),
    post: (url: string, body: string, headers: Record<string, string> = {}) => app.inject({ method: "POST", url, payload: body, headers: { ...formHeaders, ...headers }, remoteAddress }),
  };
}

/** Fetch the form (for its token), let the family "type" for a while, then post. */
async function fetchToken(c: ReturnType<typeof client>, lang = "ru"): Promise<string> {
  const res = await c.get(`/appeal?lang=${lang}`);
  const token = /name="token" value="([^"]+)"/.exec(res.body)?.[1];
  if (!token) throw new Error("no token in the form");
  clock += 60_000;
  rt.setNow(new Date(clock));
  return token;
}

const valid = {
  heldName: "Иванов Сергей Петрович",
  heldBirthDate: "12.03.1985",
  heldWhere: "СИЗО-1 Симферополь",
  heldArticle: "ст. 275 УК",
  requests: ["legal_help", "exchange_list"],
  text: "Сына задержали ночью <script>alert(1)</script>",
  contactMethod: "messenger",
  contactValue: "@ivanova_maria_1960",
  safetyNote: "Только Signal, не звонить",
  publicityConsent: "none",
  exchangeConsent: "consents",
};

/** Appeals taken: held for this hour's batch or committed already. */
async function countAppeals(): Promise<number> {
  const r = await rt.database.db.execute(sql`select (select count(*) from appeal) + (select count(*) from held_appeal) as n`);
  return Number((r as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

describe("public appeal form", () => {
  it("is served in ru/uk/en, small, with no scripts, inline styles or third-party references", async () => {
    const c = client();
    const ru = await c.get("/appeal?lang=ru");
    expect(ru.statusCode).toBe(200);
    expect(ru.headers["content-type"]).toContain("text/html");
    expect(ru.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(ru.body).toContain('<html lang="ru"');
    expect(ru.body).toContain("Кто задержан");
    expect((await c.get("/appeal", { "accept-language": "uk-UA,uk;q=0.9,en;q=0.5" })).body).toContain("Кого утримують");
    expect((await c.get("/appeal?lang=en")).body).toContain("Who is held");
    for (const bad of [/<script/i, /\sstyle=/i, /<style/i, /https?:\/\/(?!localhost)/i, /\son[a-z]+=/i]) expect(ru.body).not.toMatch(bad);
    const cssUrl = /<link rel="stylesheet" href="([^"]+)"/.exec(ru.body)![1]!;
    expect(cssUrl.startsWith("/")).toBe(true);
    const css = await c.get(cssUrl);
    expect(css.statusCode).toBe(200);
    expect(Buffer.byteLength(ru.body) + Buffer.byteLength(css.body)).toBeLessThan(50 * 1024);
  });

  it("accepts a valid appeal and shows a receipt with a five-word code that works on the status page", async () => {
    const c = client();
    const token = await fetchToken(c);
    const before = await countAppeals();
    const res = await c.post("/appeal?lang=ru", form({ ...valid, lang: "ru", token, website: "" }));
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body).toContain("Ваше обращение получено");
    const code = /<code id="appeal-code">([a-z-]+)<\/code>/.exec(res.body)?.[1];
    expect(code).toMatch(/^([bdfgklmnprstvz][aeiou]){2}(-([bdfgklmnprstvz][aeiou]){2}){4}$/);
    expect(await countAppeals()).toBe(before + 1);

    const status = await c.post("/appeal/status?lang=ru", form({ lang: "ru", code: code!.replace(/-/g, " ").toUpperCase() }));
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain("Статус: Получено");
    // Status only: nothing the family wrote, not the code either.
    for (const secret of ["Иванов", "1985", "СИЗО", "ст. 275", "ivanova", "Signal", "Сына", code!]) expect(status.body).not.toContain(secret);
  });

  // Found by an adversarial run: a browser holding a staff session (SameSite cookie sent) got 403 "CSRF" on the
  // public form — staff helping a family could not submit it. The post is anonymous; the session stays unused.
  it("a browser signed in as staff can still submit the public form, anonymously", async () => {
    const researcher = await makeUser(rt, "researcher");
    const { cookie } = await signInHeaders(app, researcher.email);
    const c = client();
    const token = await fetchToken(c);
    const before = await countAppeals();
    const res = await c.post("/appeal?lang=ru", form({ ...valid, lang: "ru", token, website: "" }), { cookie });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Ваше обращение получено");
    expect(await countAppeals()).toBe(before + 1);
    // The staff API still refuses a cookie write without its CSRF header.
    const api = await app.inject({ method: "POST", url: "/api/v1/people", headers: { cookie }, payload: { primaryName: "Тест", category: "ru_political_prisoner" } });
    expect(api.statusCode).toBe(403);
  });

  it("codes are unique across submissions", async () => {
    const c = client();
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const token = await fetchToken(c, "en");
      const res = await c.post("/appeal?lang=en", form({ lang: "en", token, heldName: `Person Number${i}` }));
      codes.add(/<code id="appeal-code">([a-z-]+)<\/code>/.exec(res.body)![1]!);
    }
    expect(codes.size).toBe(5);
  });

  it("re-shows an invalid form with errors in its language and the answers kept (escaped)", async () => {
    const c = client();
    const token = await fetchToken(c, "uk");
    const before = await countAppeals();
    const res = await c.post("/appeal?lang=uk", form({ ...valid, heldName: "", heldWhere: "x".repeat(301), requests: ["everything"], lang: "uk", token }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("Будь ласка, виправте позначені поля");
    expect(res.body).toContain("Будь ласка, заповніть це поле.");
    expect(res.body).toContain("не більше 300 знаків");
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain("@ivanova_maria_1960");
    expect(res.body).not.toContain("<script>alert(1)</script>");
    expect(res.body).toContain("&lt;script&gt;");
    expect(await countAppeals()).toBe(before);
  });

  it("refuses an oversized body with a page in the form's language", async () => {
    const c = client();
    const token = await fetchToken(c);
    const res = await c.post("/appeal?lang=ru", form({ ...valid, lang: "ru", token, text: "я".repeat(20_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("Обращение слишком длинное");
  });

  it("refuses a filled honeypot and stores nothing", async () => {
    const c = client();
    const token = await fetchToken(c, "en");
    const before = await countAppeals();
    const res = await c.post("/appeal?lang=en", form({ ...valid, lang: "en", token, website: "http://cheap-pills.example" }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("The appeal could not be accepted");
    expect(res.body).not.toContain("appeal-code");
    expect(await countAppeals()).toBe(before);
  });

  it("asks to send again when the form came back too fast, without a token, or twice", async () => {
    const c = client();
    const quick = await c.get("/appeal?lang=en");
    const token = /name="token" value="([^"]+)"/.exec(quick.body)![1]!;
    const tooFast = await c.post("/appeal?lang=en", form({ ...valid, lang: "en", token }));
    expect(tooFast.statusCode).toBe(400);
    expect(tooFast.body).toContain("sent too quickly");
    expect(tooFast.body).toContain("Иванов Сергей Петрович"); // nothing typed is lost
    const noToken = await c.post("/appeal?lang=en", form({ ...valid, lang: "en" }));
    expect(noToken.body).toContain("could not confirm");
    clock += 10_000;
    rt.setNow(new Date(clock));
    expect((await c.post("/appeal?lang=en", form({ ...valid, lang: "en", token }))).statusCode).toBe(200);
    const replay = await c.post("/appeal?lang=en", form({ ...valid, lang: "en", token }));
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain("already sent");
  });

  it("rate-limits submissions and status lookups per client, with a page in the form's language", async () => {
    const c = client();
    let last = await c.post("/appeal?lang=uk", form({ lang: "uk", heldName: "" }));
    for (let i = 0; i < 12 && last.statusCode !== 429; i++) last = await c.post("/appeal?lang=uk", form({ lang: "uk", heldName: "" }));
    expect(last.statusCode).toBe(429);
    // The window is the clock minute: wait for its end.
    expect(last.headers["retry-after"]).toBe(String(Math.ceil((60_000 - (clock % 60_000)) / 1000)));
    expect(last.body).toContain("Забагато спроб");
    let s = await c.post("/appeal/status?lang=ru", form({ code: "bako-menu-tisa-rolu-fena" }));
    expect(s.statusCode).toBe(404);
    expect(s.body).toContain("не найдено");
    for (let i = 0; i < 12 && s.statusCode !== 429; i++) s = await c.post("/appeal/status?lang=ru", form({ code: "bako-menu-tisa-rolu-fena" }));
    expect(s.statusCode).toBe(429);
    expect(s.body).toContain("Слишком много попыток");
    // Another client is not affected.
    expect((await client().get("/appeal?lang=ru")).statusCode).toBe(200);
  });
});

describe("triage API", () => {
  it("lists the queue with suggestions and performs audited actions", async () => {
    const person = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"], birthDate: "1961-07-08" });
    const c = client();
    for (const name of ["Alexey Gorinov", "Горинов Алексей"]) {
      const token = await fetchToken(c, "en");
      await c.post("/appeal?lang=en", form({ lang: "en", token, heldName: name, heldBirthDate: "1961", contactMethod: "email", contactValue: "family@example.org" }));
    }
    // Held until the hour is over, then committed as one shuffled batch.
    await commitAppealsNow(rt);
    const coord = await makeUser(rt, "coordinator");
    const h = await signInHeaders(app, coord.email);
    const list = await app.inject({ url: "/api/v1/appeals?language=en&limit=200", headers: h });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; heldName: string; hasContact: boolean; suggestions: { people: { personId: string; explanation: string[] }[]; duplicates: { appealId: string }[] } }[];
    const [a, b] = [items.find((i) => i.heldName === "Alexey Gorinov")!, items.find((i) => i.heldName === "Горинов Алексей")!];
    expect(a.hasContact).toBe(true);
    expect(JSON.stringify(items)).not.toContain("family@example.org");
    expect(a.suggestions.people[0]!.personId).toBe(person.id);
    expect(a.suggestions.people[0]!.explanation.length).toBeGreaterThan(0);
    expect(a.suggestions.duplicates.map((d) => d.appealId)).toContain(b.id);

    const detail = await app.inject({ url: `/api/v1/appeals/${a.id}`, headers: h });
    expect(detail.json().contact.value).toBe("family@example.org");
    const sugg = await app.inject({ url: `/api/v1/appeals/${a.id}/suggestions`, headers: h });
    expect(sugg.json().people[0].personId).toBe(person.id);

    const link = await app.inject({ method: "POST", url: `/api/v1/appeals/${a.id}/link`, headers: h, payload: { personId: person.id } });
    expect(link.statusCode).toBe(200);
    expect(link.json()).toMatchObject({ status: "added_to_registry", linkedPersonId: person.id });
    const merge = await app.inject({ method: "POST", url: `/api/v1/appeals/${b.id}/merge`, headers: h, payload: { intoId: a.id } });
    expect(merge.json()).toMatchObject({ status: "merged", mergedIntoId: a.id });
    const info = await app.inject({ method: "POST", url: `/api/v1/appeals/${a.id}/request-info`, headers: h, payload: { note: "ask for the case number" } });
    expect(info.json().status).toBe("needs_info");
    const lawyer = await makeUser(rt, "lawyer");
    const assign = await app.inject({ method: "POST", url: `/api/v1/appeals/${a.id}/assign`, headers: h, payload: { userId: lawyer.user.id } });
    expect(assign.json()).toMatchObject({ status: "legal_help_assigned", assigneeId: lawyer.user.id });
    const close = await app.inject({ method: "POST", url: `/api/v1/appeals/${a.id}/close`, headers: h, payload: { reason: "resolved" } });
    expect(close.json()).toMatchObject({ status: "closed", closeReason: "resolved" });
    const bad = await app.inject({ method: "POST", url: `/api/v1/appeals/${a.id}/close`, headers: h, payload: { reason: "bored" } });
    expect(bad.statusCode).toBe(400);

    const history = (await app.inject({ url: `/api/v1/appeals/${a.id}`, headers: h })).json().history.map((e: { kind: string }) => e.kind);
    expect(history).toEqual(["submitted", "linked", "mergedFrom", "infoRequested", "lawyerAssigned", "closed"]);
    const audit = await rt.database.db.execute(sql`select type from audit_event where target_id = ${a.id} order by seq`);
    expect((audit as unknown as { rows: { type: string }[] }).rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(["appeal.submitted", "appeal.linked", "appeal.merged", "appeal.infoRequested", "appeal.lawyerAssigned", "appeal.closed", "appeal.sensitiveRead"]),
    );
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("refuses anonymous callers and roles without the permission; documents the API, not the pages", async () => {
    expect((await app.inject({ url: "/api/v1/appeals" })).statusCode).toBe(401);
    const doc = JSON.stringify((await app.inject({ url: "/api/v1/openapi.json" })).json());
    expect(doc).toContain("/api/v1/appeals");
    expect(doc).not.toContain('"/appeal"');
    const vol = await makeUser(rt, "volunteer");
    const hv = await signInHeaders(app, vol.email);
    expect((await app.inject({ url: "/api/v1/appeals", headers: hv })).statusCode).toBe(403);
    const researcher = await makeUser(rt, "researcher");
    const hr = await signInHeaders(app, researcher.email);
    expect((await app.inject({ url: "/api/v1/appeals", headers: hr })).statusCode).toBe(200);
    const someId = "00000000-0000-4000-8000-000000000000";
    expect((await app.inject({ method: "POST", url: `/api/v1/appeals/${someId}/close`, headers: hr, payload: { reason: "spam" } })).statusCode).toBe(403);
  });
});
