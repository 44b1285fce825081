import { describe, expect, it } from "vitest";
import { CONDITION_KINDS, DECREE_54_LIST, DEFAULT_PRIORITY_WEIGHTS, HEALTH_SEVERITIES, PUBLIC_PROFILES, computePriority, PRIORITY_MESSAGES } from "../domain/priority/index.js";
import {
  CHANGE_STAGES,
  CUSTODY_KINDS,
  FIXED_HOLIDAYS,
  GRAVITY_ORDER,
  HOLIDAY_IDS,
  LIST_NOTE_IDS,
  REGIMES,
  RELEASE_MESSAGES,
  computeReleaseDate,
  type ExplainedLine,
  type ExplainedMessage,
  type ReleaseInput,
} from "../domain/release/index.js";
import { EXPLANATION_MESSAGES, renderLine, renderMessage } from "./explain.js";
import { catalogue, hasMessage, locales, type AreaMessages, type Locale, type Message } from "./index.js";

const templates: Record<Locale, Record<string, Message>> = { en: {}, ru: {}, uk: {} };
for (const area of Object.values(catalogue) as AreaMessages<string>[]) for (const l of locales) Object.assign(templates[l], area[l]);

const placeholders = (m: Message) => [...new Set((typeof m === "string" ? m : Object.values(m).join(" ")).match(/\{(\w+)\}/g) ?? [])].map((p) => p.slice(1, -1)).sort();

describe("explanation templates", () => {
  const codes = Object.keys(EXPLANATION_MESSAGES);

  it("cover both domains' lists of codes", () => {
    expect(codes.length).toBe(Object.keys(RELEASE_MESSAGES).length + Object.keys(PRIORITY_MESSAGES).length);
  });

  it.each(codes)("%s has a template in en, ru and uk using exactly the code's parameters", (code) => {
    const params = Object.keys(EXPLANATION_MESSAGES[code]!).sort();
    for (const l of locales) {
      const m = templates[l][code];
      expect(m, `${l} ${code}`).toBeDefined();
      expect(placeholders(m!), `${l} ${code}`).toEqual(params);
    }
  });

  it("every value an enumerated parameter can take has a label", () => {
    const keys = [
      ...REGIMES.map((v) => `common.regime.${v}`),
      ...CUSTODY_KINDS.map((v) => `release.custodyKind.${v}`),
      ...CHANGE_STAGES.map((v) => `release.stage.${v}`),
      ...GRAVITY_ORDER.map((v) => `release.gravityName.${v}`),
      ...["high", "medium", "low"].map((v) => `release.confidence.${v}`),
      ...[1, 2, 3, 4, 5, 6, 7].map((v) => `release.weekday.${v}`),
      ...FIXED_HOLIDAYS.map((h) => `release.holiday.${HOLIDAY_IDS[h.name]}`),
      ...["RU_CC", "RU_CAO", "RU_PEC", "RU_CPC", "RU_LC"].map((v) => `release.code.${v}`),
      ...HEALTH_SEVERITIES.map((v) => `priority.severity.${v}`),
      ...CONDITION_KINDS.map((v) => `priority.condition.${v}`),
      ...PUBLIC_PROFILES.map((v) => `priority.profileValue.${v}`),
      ...DECREE_54_LIST.map((e) => `priority.decree54Entry.${e.id}`),
      ...[...Object.values(LIST_NOTE_IDS), "unverified"].map((v) => `release.listNote.${v}`),
    ];
    for (const k of keys) expect(hasMessage(k), k).toBe(true);
  });
});

const example: ReleaseInput = {
  sentence: { verdictDate: "2023-03-01", termStart: "2023-04-15", term: { years: 4, months: 6, days: 0 }, regime: "general", articles: [{ code: "RU_CC", article: "207.3", part: "2" }] },
  custody: [
    { kind: "house_arrest", from: "2022-08-01", to: "2022-09-30" },
    { kind: "sizo", from: "2022-10-01" },
  ],
  asOf: "2025-01-10",
};

/** Inputs that between them reach most branches of the working and the warnings. */
const variety: ReleaseInput[] = [
  example,
  { ...example, sentence: { ...example.sentence, articles: [{ code: "RU_CC", article: "205.2", part: "2" }, { code: "RU_CC", article: "207.3", part: "2" }] } },
  {
    sentence: {
      ...example.sentence,
      articles: [{ code: "RU_CC", article: "228.1" }, { code: "RU_CC", article: "999" }],
      changes: [{ date: "2023-06-01", stage: "appeal", term: { years: 3, months: 0, days: 0 }, regime: "strict", note: "reduced" }, { date: "2023-07-01", stage: "cassation" }],
      regimeChangedLater: { date: "2024-01-10", to: "colony_settlement" },
      paroleRevokedBefore: true,
    },
    custody: [
      { kind: "house_arrest", from: "2018-07-01", to: "2018-07-20" },
      { kind: "ban_on_actions", from: "2018-03-01", to: "2018-03-10", banOnLeavingHome: false },
      { kind: "ban_on_actions", from: "2019-01-01", to: "2019-01-09" },
      { kind: "sizo", from: "2022-01-01", to: "2022-01-09", courtRatio: "1:2" },
      { kind: "sizo", from: "2023-04-01", to: "2023-05-01" },
    ],
    asOf: "2030-01-01",
  },
  { sentence: { ...example.sentence, term: { years: 0, months: 2, days: 0 } }, custody: [{ kind: "sizo", from: "2022-01-01" }] },
  { ...example, sentence: { ...example.sentence, articles: [{ code: "RU_CC", article: "209" }, { code: "RU_CC", article: "275.1" }, { code: "RU_CC", article: "206" }] } },
  { sentence: { ...example.sentence, termStart: "2024-01-01", term: { years: 0, months: 0, days: 1 }, articles: [{ code: "RU_CC", article: "207.3", part: "2", maxPenaltyYears: "life" }] }, custody: [] },
  // A minor (from the offence date), a detention date without periods, and the sentence's history.
  {
    sentence: {
      ...example.sentence,
      offenceDate: "2022-05-01",
      term: { years: 11, months: 0, days: 0 },
      changes: [
        { date: "2023-06-01", stage: "appeal", outcome: "upheld" },
        { date: "2024-02-01", stage: "combined", combinedUnder: "69.5", term: { years: 12, months: 0, days: 0 }, termStart: "2024-03-01" },
        { date: "2024-05-01", stage: "regime_change", regime: "colony_settlement" },
        { date: "2025-03-01", stage: "parole_refused" },
        { date: "2025-10-01", stage: "cassation", pending: true },
        { date: "2026-01-10", stage: "parole_granted", releasedOn: "2026-01-20" },
      ],
    },
    custody: [],
    detentionDate: "2022-09-01",
    person: { birthDate: "2004-06-01" },
  },
  { sentence: { ...example.sentence, changes: [{ date: "2024-02-01", stage: "combined", combinedUnder: "70", term: { years: 6, months: 0, days: 0 }, termStart: "2024-03-01" }] }, custody: [], person: { birthDate: "2005-01-01" } },
  { sentence: example.sentence, custody: [], person: { birthDate: "2004-08-01" } },
  { sentence: { ...example.sentence, offenceDate: "2022-03-01" }, custody: [], person: { birthYear: 2004 } },
];

function codesIn(m: ExplainedMessage, out: Set<string>): Set<string> {
  out.add(m.code);
  for (const v of Object.values(m.params)) {
    if (Array.isArray(v)) for (const x of v) if (typeof x === "object" && "params" in x) codesIn(x as ExplainedMessage, out);
    if (typeof v === "object" && v !== null && "code" in v && "params" in v) codesIn(v as ExplainedMessage, out);
  }
  return out;
}

describe("rendering release-date explanations", () => {
  const results = variety.map((i) => computeReleaseDate(i));
  const lines = (r: (typeof results)[number]): ExplainedLine[] => [r.summaryLine, ...r.workingLines, ...r.warningLines, ...r.credits.map((c) => ({ code: c.code, params: c.params, text: c.text }))];

  it("keeps the English text of every line and carries a known code", () => {
    for (const r of results) {
      expect(r.workingLines.map((l) => l.text)).toEqual(r.working);
      expect(r.warningLines.map((l) => l.text)).toEqual(r.warnings);
      expect(r.summaryLine.text).toBe(r.summary);
      for (const l of lines(r)) for (const c of codesIn(l, new Set())) expect(Object.hasOwn(RELEASE_MESSAGES, c), c).toBe(true);
    }
  });

  it("renders every emitted line in every locale without falling back to English", () => {
    const seen = new Set<string>();
    for (const r of results)
      for (const l of lines(r)) {
        codesIn(l, seen);
        for (const loc of locales) {
          const text = renderMessage(loc, l);
          expect(text, `${loc} ${l.code}: ${l.text}`).not.toBeNull();
          expect(text).not.toMatch(/\{\w+\}|undefined/);
        }
      }
    // Most of the codes are reached by these inputs (the rest are checked by the template test above).
    expect(seen.size).toBeGreaterThan(Object.keys(RELEASE_MESSAGES).length * 0.6);
  });

  it("writes the credit in Russian and Ukrainian legal usage, dates for the locale", () => {
    const r = results[0]!;
    const sizo = r.workingLines.find((l) => l.code === "release.credit.sizo")!;
    expect(renderLine("ru", sizo)).toBe("СИЗО: 1 окт. 2022 г. – 14 апр. 2023 г. (196 дней) × 1,5 [колония общего режима] = зачёт 294 дня (п. «б» ч. 3.1 ст. 72 УК РФ).");
    expect(renderLine("uk", sizo)).toMatch(/^СІЗО: 1 жовт\. 2022 р\. – 14 квіт\. 2023 р\. \(196 днів\) × 1,5 \[колонія загального режиму\] = зараховано 294 дні \(п\. «б» ч\. 3\.1 ст\. 72 КК РФ\)\.$/);
    const house = r.workingLines.find((l) => l.code === "release.credit.houseArrest")!;
    expect(renderLine("ru", house)).toContain("= зачёт 30,5 дня (ч. 3.4 ст. 72 УК РФ)");
    expect(renderLine("ru", r.parole!.line)).toMatch(/^Условно-досрочное освобождение \(п\. «б» ч\. 3 ст\. 79 УК РФ\): 1\/2 срока/);
    expect(renderLine("ru", r.workingLines.find((l) => l.code === "release.workingDay" || l.code === "release.dayOff")!)).toContain("ст. 173 УИК РФ");
    expect(renderLine("en", r.summaryLine)).toMatch(/^4 years 6 months from 15 Apr 2023 minus 324 days of credit \(House arrest ÷ 2, SIZO × 1\.5\) → last day/);
  });

  it("translates the article lists' notes inside warnings", () => {
    const r = results[4]!;
    const texts = r.warningLines.map((l) => renderLine("ru", l)).join("\n");
    expect(texts).toContain("нет в нашем прочтении текста 2018 г.");
    expect(texts).toContain("госизмена и шпионаж добавлены в п. «г»");
    expect(texts).not.toContain("as above");
  });

  it("falls back to the English text for an unknown code or missing parameters", () => {
    expect(renderLine("ru", { code: "release.fromTheFuture", params: {}, text: "English" })).toBe("English");
    expect(renderLine("ru", { code: "release.term", params: {}, text: "English" })).toBe("English");
    expect(renderLine("ru", { code: "constructor", params: {}, text: "English" })).toBe("English");
    expect(renderLine("uk", { text: "Only text" })).toBe("Only text");
  });
});

describe("rendering priority reasons", () => {
  it("renders every part in every locale", () => {
    const r = computePriority(
      {
        asOf: "2025-01-10",
        birthDate: "1950-03-01",
        health: { severity: "severe", icd10: ["C34.1", "xx"], preventsServing: true },
        releaseDate: "2031-05-01",
        minorChildren: 4,
        otherDependants: 1,
        conditions: [{ kind: "torture", verified: true }, { kind: "threats_or_pressure" }, { kind: "punishment_cell", verified: true }, { kind: "denied_medical_care", verified: true }],
        publicProfile: "low",
      },
      DEFAULT_PRIORITY_WEIGHTS,
    );
    for (const p of r.parts)
      for (const l of locales) {
        const text = renderMessage(l, p);
        expect(text, `${l} ${p.code}`).not.toBeNull();
        expect(text).not.toMatch(/\{\w+\}|undefined/);
      }
    const decree = r.parts.find((p) => p.key === "health_decree54")!;
    expect(renderMessage("ru", decree)).toContain("C34.1: Злокачественные новообразования");
    expect(renderMessage("ru", r.parts.find((p) => p.key === "age")!)).toBe("74 года: 70 лет и старше");
  });
});
