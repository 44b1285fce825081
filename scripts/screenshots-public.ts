// Screenshots of the public site for docs/screenshots/public-*.png.
//   npx tsx scripts/screenshots-public.ts
// Runs the real server over an in-memory database filled with invented people (flagged is_demo), opens the
// pages in headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium) and writes full-page PNGs.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { chromium } from "playwright-core";
import { buildRuntime, ensureDefaultOrganisation, type Runtime } from "../src/app/runtime.js";
import { openDatabase } from "../src/db/client.js";
import { facility } from "../src/db/schema/facility.js";
import { FieldCipher, newFieldKey } from "../src/security/fieldCipher.js";
import { assetUrl } from "../src/public/assets.js";
import { createServer } from "../src/server.js";
import { addCase, createPerson } from "../src/services/people.js";
import type { PersonInput } from "../src/services/personInput.js";

const out = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));

// A small deterministic PRNG so every run draws the same invented registry.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const r = rng(20241124);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const MALE = [["Алексей", "Alexei"], ["Дмитрий", "Dmitry"], ["Игорь", "Igor"], ["Сергей", "Sergei"], ["Михаил", "Mikhail"], ["Андрей", "Andrei"], ["Олег", "Oleg"], ["Николай", "Nikolai"]] as const;
const FEMALE = [["Анна", "Anna"], ["Мария", "Maria"], ["Ольга", "Olga"], ["Елена", "Elena"], ["Наталья", "Natalia"], ["Ирина", "Irina"]] as const;
const SURNAMES = [["Соколов", "Sokolov"], ["Лебедев", "Lebedev"], ["Морозов", "Morozov"], ["Волков", "Volkov"], ["Зайцев", "Zaitsev"], ["Павлов", "Pavlov"], ["Семенов", "Semenov"], ["Голубев", "Golubev"], ["Виноградов", "Vinogradov"], ["Богданов", "Bogdanov"], ["Воробьёв", "Vorobyov"], ["Фёдоров", "Fyodorov"], ["Медведев", "Medvedev"], ["Ершов", "Yershov"]] as const;
const REGIONS = ["Moscow", "Moscow", "Saint Petersburg", "Saint Petersburg", "Crimea (occupied)", "Crimea (occupied)", "Kherson Oblast (occupied)", "Zaporizhzhia Oblast (occupied)", "Bashkortostan", "Krasnodar Krai", "Sverdlovsk Oblast", "Tatarstan", "Kaliningrad Oblast"];
const ARTICLES = [["207.3", "2"], ["207.3", "2"], ["280.3", "1"], ["205.2", "2"], ["275", null], ["275", null], ["282.2", "2"], ["318", "1"], ["280.4", "3"], ["205.5", "2"]] as const;
const FACILITIES = [
  { name: "ИК-6 УФСИН России по Владимирской области", region: "Владимирская область", kind: "colony" as const, postalAddress: "601446, Владимирская обл., г. Вязники, ул. Демонстрационная, д. 1 (демо-адрес)" },
  { name: "ИК-7 УФСИН России по Республике Карелия", region: "Республика Карелия", kind: "colony" as const, postalAddress: "186420, Республика Карелия, г. Сегежа, ул. Примерная, д. 2 (демо-адрес)" },
  { name: "СИЗО-2 УФСИН России по Республике Крым и г. Севастополю", region: "Крым (оккупирован)", kind: "sizo" as const, postalAddress: "295000, г. Симферополь, ул. Условная, д. 3 (демо-адрес)" },
  { name: "ИК-2 УФСИН России по Республике Мордовия", region: "Республика Мордовия", kind: "colony" as const, postalAddress: "431130, Республика Мордовия, п. Явас, ул. Вымышленная, д. 4 (демо-адрес)" },
];
const SUMMARY =
  "Демо-запись: вымышленный человек, не настоящий заключённый.\n\nРаботал учителем истории в районной школе. Задержан после того, как на уроке ответил на вопрос учеников о войне. Суд назначил реальный срок по статье о «фейках» об армии. В колонии пишет письма и просит присылать книги.";

async function seed(rt: Runtime): Promise<string[]> {
  const ctx = rt.systemCtx("screenshots");
  await rt.database.db.insert(facility).values(FACILITIES).onConflictDoNothing();
  const ids: string[] = [];
  for (let i = 0; i < 90; i++) {
    const female = r() < 0.3;
    const [given, givenLat] = pick(female ? FEMALE : MALE);
    const [sur, surLat] = pick(SURNAMES);
    const surname = female ? `${sur}а` : sur;
    const surnameLat = female ? `${surLat}a` : surLat;
    const category = pick(["ru_political_prisoner", "ru_political_prisoner", "ru_political_prisoner", "ua_civilian_hostage", "ua_civilian_hostage", "ua_pow", "ru_persecuted_not_detained"] as const);
    const status = pick(["in_colony", "in_colony", "in_colony", "sentenced", "on_trial", "detained", "released", "exchanged", "exchanged", "pardoned", "in_transit"] as const);
    const freed = ["released", "exchanged", "pardoned"].includes(status);
    const year = 2022 + Math.floor(r() * 4);
    const input: PersonInput = {
      primaryName: `${surname} ${given}`,
      alternateNames: [`${givenLat} ${surnameLat}`],
      sex: female ? "female" : "male",
      birthDate: String(1955 + Math.floor(r() * 45)),
      homeRegion: pick(REGIONS),
      category,
      status,
      statusSince: `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`,
      publicityConsent: r() < 0.65 ? "full" : r() < 0.6 ? "anonymised" : "none",
      facilityName: freed ? null : pick(FACILITIES).name,
      publicSummary: SUMMARY,
      isDemo: true,
    } as PersonInput;
    const p = await createPerson(ctx, input);
    if (category !== "ru_persecuted_not_detained") {
      const [article, part] = pick(ARTICLES);
      await addCase(ctx, p.id, {
        detainedOn: `${year - 1}-03-15`,
        verdictOn: `${year - 1}-11-20`,
        sentenceYears: pick([1, 2, 3, 5, 6, 7, 8, 10, 12, 14, 16, 22]),
        sentenceMonths: pick([0, 0, 6]),
        regime: pick(["general", "general", "strict", "special"] as const),
        articles: [{ code: "RU_CC", article, ...(part ? { part } : {}) }],
        custodyPeriods: [],
      });
    }
    ids.push(p.id);
  }
  // The profile in the screenshot: a named person in a colony, with a full case.
  const star = await createPerson(ctx, {
    primaryName: "Демидов Алексей Николаевич",
    alternateNames: ["Alexei Demidov", "Oleksii Demydov"],
    sex: "male",
    birthDate: "1961-07-08",
    homeRegion: "Moscow",
    category: "ru_political_prisoner",
    status: "in_colony",
    statusSince: "2022-09-19",
    publicityConsent: "full",
    facilityName: FACILITIES[0]!.name,
    publicSummary: SUMMARY,
    isDemo: true,
  } as PersonInput);
  await addCase(ctx, star.id, { detainedOn: "2022-04-26", verdictOn: "2022-07-08", sentenceYears: 7, regime: "general", articles: [{ code: "RU_CC", article: "207.3", part: "2" }], custodyPeriods: [] });
  return [star.id, ...ids];
}

async function main() {
  const database = await openDatabase({});
  const organisationId = await ensureDefaultOrganisation(database);
  const rt = buildRuntime(database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), organisationId);
  const [starId] = await seed(rt);
  const app = await createServer(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  mkdirSync(out, { recursive: true });
  const cssBytes = (await (await fetch(`${base}${assetUrl("site.css")}`)).arrayBuffer()).byteLength;
  const shots: { name: string; path: string; width: number; locale: string }[] = [
    { name: "public-home", path: "/?lang=en", width: 1280, locale: "en-GB" },
    { name: "public-people", path: "/people?lang=ru", width: 1280, locale: "ru-RU" },
    { name: "public-profile", path: `/people/${starId}?lang=uk`, width: 1280, locale: "uk-UA" },
    { name: "public-stats", path: "/stats?lang=en", width: 1280, locale: "en-GB" },
    { name: "public-profile-mobile", path: `/people/${starId}?lang=ru`, width: 390, locale: "ru-RU" },
  ];
  try {
    for (const s of shots) {
      const page = await browser.newPage({ viewport: { width: s.width, height: 900 }, locale: s.locale, deviceScaleFactor: 1 });
      const external: string[] = [];
      page.on("request", (req) => void (req.url().startsWith(base) || external.push(req.url())));
      const res = await page.goto(`${base}${s.path}`, { waitUntil: "networkidle" });
      if (!res?.ok()) throw new Error(`${s.path}: HTTP ${res?.status()}`);
      if (external.length) throw new Error(`${s.path} requested another host: ${external.join(", ")}`);
      // First load = the HTML plus the one stylesheet (no scripts, fonts or images besides a photo).
      const bytes = (await res.body()).length + cssBytes;
      if (bytes >= 50 * 1024) throw new Error(`${s.path}: ${bytes} bytes on first load (limit 50 KB)`);
      await page.screenshot({ path: `${out}${s.name}.png`, fullPage: true });
      console.log(`${s.name}.png  ${s.path}  ${(bytes / 1024).toFixed(1)} KB with CSS`);
      await page.close();
    }
  } finally {
    await browser.close();
    await app.close();
    await rt.close();
  }
}

await main();
