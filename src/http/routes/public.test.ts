import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makeCase, makePerson } from "../../../test/helpers/factories.js";
import { facility } from "../../db/schema/facility.js";
import { person } from "../../db/schema/person.js";
import { getAsset } from "../../public/assets.js";
import { openDataFields } from "../../public/presenters.js";

let rt: TestRuntime;
let app: FastifyInstance;
let named: string;
let anon: string;
let hidden: string;

const LOCALES = ["en", "ru", "uk"] as const;
const HIDDEN_NAMES = ["Секретов", "Sekretov", "Иван Петрович"];
const ANON_NAMES = ["Скочиленко", "Skochilenko", "Александра", "Alexandra"];

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  const p1 = await makePerson(rt, {
    publicityConsent: "full",
    facilityName: "ИК-3 УФСИН России по Владимирской области",
    publicSummary: "Сказал на заседании депутатов, что <script>alert(1)</script> войну нужно остановить.\n\nОсуждён за «фейки».",
    statusSince: "2022-09-19",
  });
  await makeCase(rt, p1.id);
  await rt.database.db.update(facility).set({ postalAddress: "601446, Владимирская обл., г. Вязники, ул. Железнодорожная, д. 1", region: "Владимирская область", kind: "colony" });
  await rt.database.db.update(person).set({ photoUrl: "https://tracker.example.com/p.jpg" }).where(eq(person.id, p1.id));
  const p2 = await makePerson(rt, {
    primaryName: "Скочиленко Александра Юрьевна",
    alternateNames: ["Alexandra Skochilenko"],
    sex: "female",
    homeRegion: "Saint Petersburg",
    publicityConsent: "anonymised",
    status: "released",
    statusSince: "2024-08-01",
    publicSummary: "Художница Александра из Петербурга",
    facilityName: "СИЗО-5 Санкт-Петербург",
  });
  await makeCase(rt, p2.id, { sentenceYears: 7, articles: [{ code: "RU_CC", article: "207.3", part: "2" }] });
  const p3 = await makePerson(rt, { primaryName: "Секретов Иван Петрович", alternateNames: ["Ivan Sekretov"], homeRegion: "Tomsk", publicityConsent: "none", facilityName: "ИК-7 Карелия" });
  await makeCase(rt, p3.id, { articles: [{ code: "RU_CC", article: "275" }] });
  named = p1.id;
  anon = p2.id;
  hidden = p3.id;
  // Enough named people for two pages of the index.
  for (let i = 0; i < 21; i++) await makePerson(rt, { primaryName: `Тестов${i} Пётр`, alternateNames: [], publicityConsent: "full", category: "ua_civilian_hostage", status: "detained", homeRegion: "Kherson" });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });

/** The page repeats what the visitor typed (search box, language links); remove that before looking for names. */
function withoutQueryEcho(body: string, url: string): string {
  const q = new URL(url, "http://localhost").searchParams.get("q");
  if (!q) return body;
  const forms = [q, encodeURIComponent(q), new URLSearchParams({ q }).toString().slice(2)];
  return forms.reduce((b, f) => b.split(f).join(""), body);
}

function checkPage(body: string, url: string) {
  expect(body, url).not.toMatch(/<script/i);
  expect(body, url).not.toMatch(/\sstyle\s*=/i);
  // No absolute URL to another host (injected requests come from localhost).
  const absolute = [...body.matchAll(/(?:https?:)?\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]!.toLowerCase()).filter((h) => h !== "localhost" && h !== "localhost:80");
  expect(absolute, url).toEqual([]);
  expect(Buffer.byteLength(body) + getAsset("site.css")!.body.length, url).toBeLessThan(50 * 1024);
  // Accessibility basics: one h1; every visible control labelled; every image has alt text.
  expect(body.match(/<h1[\s>]/g)?.length, url).toBe(1);
  const labelled = new Set([...body.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
  for (const m of body.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    if (/type="hidden"/.test(m[2]!)) continue;
    expect(labelled.has(/id="([^"]+)"/.exec(m[2]!)?.[1]), `${url}: ${m[0]}`).toBe(true);
  }
  for (const m of body.matchAll(/<img\b[^>]*>/g)) expect(m[0], url).toMatch(/\salt="/);
  // No message key left untranslated.
  expect(body, url).not.toMatch(/\b(?:public|publicData|common)\.[a-z]+\.[a-zA-Z.]+/);
}

describe("public pages", () => {
  it("render in all three languages, with no script, no inline style, no third-party URL, under 50 KB", async () => {
    const urls = ["/", "/people", `/people/${named}`, `/people/${anon}`, "/stats", "/open-data", "/letters", "/people?q=Gorinov&page=1"];
    const navWord = { en: "Statistics", ru: "Статистика", uk: "Статистика" };
    for (const lang of LOCALES)
      for (const url of urls) {
        const res = await get(`${url}${url.includes("?") ? "&" : "?"}lang=${lang}`);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers["content-type"]).toContain("text/html");
        expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
        expect(res.body).toContain(`<html lang="${lang}">`);
        expect(res.body).toContain(navWord[lang]);
        checkPage(res.body, `${lang} ${url}`);
      }
  });

  it("picks the language from Accept-Language when there is no ?lang=", async () => {
    const uk = await get("/", { "accept-language": "uk-UA,uk;q=0.9" });
    expect(uk.body).toContain('<html lang="uk">');
    expect(uk.headers.vary).toContain("accept-language");
    expect(uk.headers["content-language"]).toBe("uk");
    expect((await get("/", { "accept-language": "ru" })).body).toContain("Всех на всех");
  });

  it("formats dates per locale", async () => {
    expect((await get(`/people/${named}?lang=en`)).body).toContain("19 September 2022");
    expect((await get(`/people/${named}?lang=ru`)).body).toContain("19 сентября 2022");
    expect((await get(`/people/${named}?lang=uk`)).body).toContain("19 вересня 2022");
  });

  it("serves the stylesheet and nothing else from /assets", async () => {
    const css = await get("/assets/site.css");
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toContain("text/css");
    expect((await get("/assets/..%2Fpublic.ts")).statusCode).toBe(404);
    expect((await get("/assets/nope.css")).statusCode).toBe(404);
  });
});

describe("consent", () => {
  it("a person without consent is 404 and appears nowhere", async () => {
    const res = await get(`/people/${hidden}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("text/html");
    expect((await get("/people/not-a-uuid")).statusCode).toBe(404);
    expect((await get(`/people/${"x".repeat(90)}`)).statusCode).toBe(404);
    for (const url of ["/people", "/people?q=Sekretov", "/people?q=Секретов", "/people?q=Ivan", "/people?region=Tomsk", "/stats", "/letters", "/open-data/people.csv", "/open-data/people.json", "/people?page=2"]) {
      const body = withoutQueryEcho((await get(url)).body, url);
      for (const n of HIDDEN_NAMES) expect(body, `${url} ${n}`).not.toContain(n);
      expect(body, url).not.toContain(hidden);
      expect(body, url).not.toContain("ИК-7 Карелия");
    }
    // Region filter options come from named profiles only.
    expect((await get("/people")).body).not.toContain(">Tomsk<");
  });

  it("an anonymised profile shows initials, no name, photo, region, facility or story", async () => {
    const res = await get(`/people/${anon}?lang=en`);
    expect(res.statusCode).toBe(200);
    for (const n of [...ANON_NAMES, "Saint Petersburg", "СИЗО-5", "Художница"]) expect(res.body).not.toContain(n);
    expect(res.body).toContain("С. А. Ю.");
    expect(res.body).toContain("Art. 207.3 part 2, Russian Criminal Code");
    expect(res.body).toContain("7 years");
    // Year of the status only.
    expect(res.body).toContain("since 2024");
    expect(res.body).not.toContain("August 2024");
    expect(res.body).toContain('name="robots" content="noindex"');
  });

  it("anonymised people cannot be found by their name or region, and their names never reach the index", async () => {
    for (const url of ["/people?q=Skochilenko", "/people?q=Скочиленко", "/people?q=Александра", "/people?region=Saint%20Petersburg"]) {
      const body = (await get(url)).body;
      expect(body, url).not.toContain(anon);
    }
    const index = (await get("/people?lang=en&page=2")).body;
    expect(index).toContain(anon);
    for (const n of ANON_NAMES) expect(index).not.toContain(n);
  });

  it("a full profile shows names, status, articles, sentence, address with year of birth, escapes text, drops a third-party photo", async () => {
    const body = (await get(`/people/${named}?lang=ru`)).body;
    expect(body).toContain("<h1>Горинов Алексей Александрович</h1>");
    expect(body).toContain("Alexei Gorinov");
    expect(body).toContain("ч. 2 ст. 207.3 УК РФ");
    expect(body).toContain("7 лет");
    expect(body).toContain("601446, Владимирская обл.");
    expect(body).toContain("Получатель: Горинов Алексей Александрович, 1961 г. р.");
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(body).not.toContain("tracker.example.com");
    // The birth date itself is not public, only the year.
    expect(body).not.toMatch(/1961-07-08|8 июля 1961/);
    // Court, judge and custody dates are not public.
    expect(body).not.toContain("Мещанский");
  });
});

describe("people index", () => {
  it("finds a person by any spelling", async () => {
    for (const q of ["Alexei Gorinov", "Aleksey Gorinov", "Горинов Алексей", "Горінов Олексій", "gorinov", "Gorin", "горин"]) {
      const body = (await get(`/people?q=${encodeURIComponent(q)}`)).body;
      expect(body, q).toContain(`/people/${named}?`);
    }
    expect((await get("/people?q=Zzyzx")).body).not.toContain(`/people/${named}?`);
  });

  it("filters by category, status and region and pages through results", async () => {
    const cat = (await get("/people?category=ua_civilian_hostage&lang=en")).body;
    expect(cat).toContain("21 people");
    expect(cat).not.toContain(named);
    const status = (await get("/people?status=released&lang=en")).body;
    expect(status).toContain("1 person");
    expect(status).toContain(anon);
    const region = (await get("/people?region=Moscow&lang=en")).body;
    expect(region).toContain(named);
    const p1 = (await get("/people?lang=en")).body;
    expect(p1).toContain("Page 1 of 2");
    const p2 = (await get("/people?page=2&lang=en")).body;
    expect(p2).toContain("Page 2 of 2");
    // Named profiles come first alphabetically; anonymised ones after them.
    expect(p2).toContain(anon);
    expect((await get("/people?page=999&lang=en")).body).toContain("Page 2 of 2");
    expect((await get("/people?category=spy&page=abc")).statusCode).toBe(200);
    expect((await get("/people?q=a&q=b&page=1&page=2&lang=en&lang=xx&facility=nope")).statusCode).toBe(200);
  });
});

describe("letters and facilities", () => {
  const facilityId = async (name: string) => (await rt.database.db.select({ id: facility.id }).from(facility).where(eq(facility.name, name)))[0]!.id;

  it("lists facilities of named people still held, with the address and year of birth, and nothing of the others", async () => {
    const body = (await get("/letters?lang=en")).body;
    expect(body).toContain("ИК-3 УФСИН России по Владимирской области");
    expect(body).toContain("601446, Владимирская обл.");
    expect(body).toContain("Горинов Алексей Александрович</a>, born 1961");
    expect(body).not.toContain("СИЗО-5");
    expect(body).not.toContain("ИК-7 Карелия");
  });

  it("filters the index by facility, for named people only", async () => {
    const ik3 = await facilityId("ИК-3 УФСИН России по Владимирской области");
    const named3 = (await get(`/people?facility=${ik3}&lang=en`)).body;
    expect(named3).toContain("Held in ИК-3 УФСИН России по Владимирской области");
    expect(named3).toContain(named);
    expect(named3).toContain("1 person");
    for (const hiddenFacility of ["ИК-7 Карелия", "СИЗО-5 Санкт-Петербург"]) {
      const body = (await get(`/people?facility=${await facilityId(hiddenFacility)}&lang=en`)).body;
      expect(body).toContain("0 people");
      expect(body).not.toContain(hiddenFacility);
      expect(body).not.toContain(anon);
    }
  });
});

describe("open data", () => {
  it("JSON has only the whitelisted fields, consented people only, and the licence", async () => {
    const res = await get("/open-data/people.json");
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.licence).toBe("CC BY 4.0");
    expect(doc.count).toBe(23);
    for (const r of doc.records) expect(Object.keys(r)).toEqual([...openDataFields]);
    const ids = doc.records.map((r: { id: string }) => r.id);
    expect(ids).toContain(named);
    expect(ids).not.toContain(hidden);
    const a = doc.records.find((r: { id: string }) => r.id === anon);
    expect(a).toMatchObject({ consent: "anonymised", display_name: "С. А. Ю.", other_names: [], region: null, birth_year: null, facility_name: null, status_since: "2024", sentence_months: 84 });
    const n = doc.records.find((r: { id: string }) => r.id === named);
    expect(n).toMatchObject({ birth_year: 1961, articles: ["RU_CC 207.3 part 2"], region: "RU-MOW", facility_region: "Владимирская область" });
    expect(JSON.stringify(doc)).not.toMatch(/1961-07-08|Мещанский|T-\d/);
  });

  it("CSV has the documented header and one row per consented person", async () => {
    const res = await get("/open-data/people.csv");
    expect(res.headers["content-type"]).toContain("text/csv");
    const lines = res.body.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe(openDataFields.join(","));
    expect(lines.length).toBe(24);
    expect(res.body).not.toContain("Скочиленко");
  });
});

describe("statistics", () => {
  it("count everyone, but merge small regions and articles so nobody is singled out", async () => {
    const body = (await get("/stats?lang=en")).body;
    expect(body).toMatch(/<strong>24<\/strong> people in the registry/);
    expect(body).toContain("Kherson");
    expect(body).not.toContain("Tomsk");
    expect(body).not.toContain("Art. 275");
    expect(body).toContain("Other (fewer than 5 each)");
    expect(body).toMatch(/<svg[^>]+role="img"/);
  });
});
