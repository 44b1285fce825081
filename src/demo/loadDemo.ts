import { like, eq, and, count } from "drizzle-orm";
import { regionValue } from "../domain/vocabulary/regions.js";
import { facility } from "../db/schema/facility.js";
import { consentRecord, healthRecord, person } from "../db/schema/person.js";
import * as repo from "../db/repositories/people.js";
import * as caseRepo from "../db/repositories/cases.js";
import { recordAudit } from "../services/audit.js";
import { actorOrganisationId, type ServiceContext } from "../services/context.js";
import { authorize } from "../services/policy.js";
import { createPersonIn, tx } from "../services/people.js";
import { personInput } from "../services/personInput.js";
import { parseArticles } from "../domain/tabular/articles.js";
import { parseSentence } from "../domain/tabular/sentence.js";
import { loadDemoOfficials } from "./demoOfficials.js";
import { generatePeopleRows, pick, rng } from "./generate.js";
import { sealPersonRow } from "../db/schema/sealed.js";

// Invented people only. Every record is flagged is_demo, its external_id starts with DEMO- and its public
// summary says it is invented, so demo data can never be mistaken for (or exported as) a real registry.

export const DEMO_PEOPLE = 48;
const DEMO_NOTE = "Демо-запись: вымышленный человек, не реальный заключённый.";

const FACILITY_ADDRESSES: Record<string, { region: string; address: string; kind: "colony" | "sizo" }> = {
  "ИК-6 Владимирская область": { region: "Vladimir Oblast", address: "601446, Владимирская обл., г. Вязники (демо-адрес)", kind: "colony" },
  "ИК-7 Карелия": { region: "Karelia", address: "186420, Республика Карелия, г. Сегежа (демо-адрес)", kind: "colony" },
  "ИК-2 Мордовия": { region: "Mordovia", address: "431130, Республика Мордовия, п. Явас (демо-адрес)", kind: "colony" },
  "СИЗО-1 Москва «Матросская тишина»": { region: "Moscow", address: "107076, г. Москва, ул. Матросская Тишина (демо-адрес)", kind: "sizo" },
  "СИЗО-2 Симферополь": { region: "Crimea (occupied)", address: "295000, г. Симферополь (демо-адрес)", kind: "sizo" },
  "ИК-3 Хабаровский край": { region: "Khabarovsk Krai", address: "680000, Хабаровский край (демо-адрес)", kind: "colony" },
  "ИК-11 Башкортостан": { region: "Bashkortostan", address: "450000, Республика Башкортостан (демо-адрес)", kind: "colony" },
  "СИЗО-1 Таганрог": { region: "Rostov Oblast", address: "347900, Ростовская обл., г. Таганрог (демо-адрес)", kind: "sizo" },
  "ИК-10 Мордовия": { region: "Mordovia", address: "431130, Республика Мордовия (демо-адрес)", kind: "colony" },
  "ИК-1 Тверская область": { region: "Tver Oblast", address: "170000, Тверская обл. (демо-адрес)", kind: "colony" },
  "ИК-4 Пермский край": { region: "Perm Krai", address: "614000, Пермский край (демо-адрес)", kind: "colony" },
  "ИК-5 Краснодарский край": { region: "Krasnodar Krai", address: "350000, Краснодарский край (демо-адрес)", kind: "colony" },
};

const HEALTH = [
  { condition: "Type 1 diabetes, insulin supply interrupted in transit", icd10: ["E10"], severity: "severe" as const, preventsServing: false },
  { condition: "Stage 3 cancer, no treatment in the colony", icd10: ["C34"], severity: "critical" as const, preventsServing: true },
  { condition: "Hypertension after months in a punishment cell", icd10: ["I10"], severity: "moderate" as const, preventsServing: false },
  { condition: "Tuberculosis, active", icd10: ["A15"], severity: "severe" as const, preventsServing: true },
];

export async function loadDemo(ctx: ServiceContext): Promise<{ loaded: boolean; people: number; cases: number }> {
  authorize(ctx.actor, "create", "person");
  const organisationId = actorOrganisationId(ctx.actor);
  const [existing] = await ctx.db.select({ n: count() }).from(person).where(and(eq(person.organisationId, organisationId), like(person.externalId, "DEMO-%")));
  if (Number(existing?.n ?? 0) > 0) return { loaded: false, people: Number(existing!.n), cases: 0 };
  const r = rng(20250801);
  let cases = 0;
  await tx(ctx, async (db) => {
    for (const [name, f] of Object.entries(FACILITY_ADDRESSES))
      await db.insert(facility).values({ name, region: regionValue(f.region), postalAddress: f.address, kind: f.kind }).onConflictDoNothing();
    for (const row of generatePeopleRows(DEMO_PEOPLE, 4242, "DEMO")) {
      const consent = r() < 0.6 ? "full" : r() < 0.5 ? "anonymised" : "none";
      const values = personInput.parse({
        externalId: row.external_id,
        primaryName: row.name,
        alternateNames: row.name_alt ? [row.name_alt] : [],
        sex: row.sex,
        birthDate: row.birth_date,
        homeRegion: regionValue(row.region),
        category: row.category,
        status: row.status,
        statusSince: row.detained_on,
        facilityName: row.facility,
        publicityConsent: consent,
        exchangeConsent: pick(r, ["consents", "consents", "consents", "refuses", "unknown"]),
        publicSummary: `${DEMO_NOTE} Под стражей с ${row.detained_on.split("-").reverse().join(".")}.`,
        isDemo: true,
      });
      const p = await createPersonIn(db, ctx, values);
      const arts = row.articles ? parseArticles(row.articles) : { value: [] };
      const sentence = parseSentence(row.sentence);
      const verdictYear = Math.min(Number(row.detained_on.slice(0, 4)) + 1, 2025);
      await caseRepo.insertCase(
        db,
        p.id,
        {
          court: pick(r, ["Мещанский районный суд г. Москвы", "2-й Западный окружной военный суд", "Южный окружной военный суд", "Басманный районный суд г. Москвы"]),
          detainedOn: row.detained_on,
          verdictOn: `${verdictYear}${row.detained_on.slice(4)}`,
          sentenceYears: sentence?.years ?? null,
          sentenceMonths: sentence?.months ?? null,
          regime: sentence?.regime ?? null,
          summary: DEMO_NOTE,
        },
        "value" in arts ? arts.value : [],
        [{ kind: "sizo", fromDate: row.detained_on, toDate: `${verdictYear}${row.detained_on.slice(4)}` }],
      );
      cases++;
      if (r() < 0.2) {
        const h = pick(r, HEALTH);
        await db.insert(healthRecord).values(
          sealPersonRow(healthRecord, p.id, {
            personId: p.id,
            detailsEnc: { condition: h.condition, icd10: h.icd10, note: DEMO_NOTE },
            severity: h.severity,
            preventsServing: h.preventsServing,
            recordedOn: "2025-06-01",
          }),
        );
      }
      await db.insert(consentRecord).values(sealPersonRow(consentRecord, p.id, { personId: p.id, publicity: values.publicityConsent, exchange: values.exchangeConsent, givenBy: "адвокат (демо)", note: DEMO_NOTE }));
    }
    await loadDemoOfficials(db, ctx);
    await recordAudit(db, ctx.actor, { type: "demo.loaded", targetType: "person", detail: { people: DEMO_PEOPLE } }, ctx.now());
  });
  return { loaded: true, people: DEMO_PEOPLE, cases };
}
