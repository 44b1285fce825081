import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { appUser } from "../../db/schema/organisation.js";
import { createFacility } from "../../services/facilities.js";
import { createList } from "../../services/lists/lists.js";
import { issueAppealFormToken, submitAppeal } from "../../services/appeals/submit.js";
import { appealIdByCode, FAMILY_ADDRESS } from "../../../test/helpers/appeals.js";
import { MIN_FILL_MS } from "../../services/appeals/formToken.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makeCase, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";
import { allRoutes } from "./index.js";
import { buildOpenApi } from "../openapi.js";
import { createOfficial } from "../../services/officials.js";
import { PATCH_RULE } from "../../services/patch.js";

/**
 * The PATCH rule, proved for every PATCH route in the route table: a field that is not sent is left exactly as it
 * was. For each route and each field its body accepts, a fully-populated record is created, that one field is
 * sent, and the whole stored record (the row and its child rows) is compared before and after: only the columns
 * that field is about may differ. A new PATCH route, or a new field on one, without an entry here fails the test.
 */

type Snapshot = Record<string, unknown>;
interface Target {
  url: string;
  read(): Promise<Snapshot>;
}
interface FieldChange {
  value: unknown;
  /** Snapshot keys ("table.column" or a child collection's name) this field may change; default `<main>.<snake_field>`. */
  touches?: string[];
  /** Some fields write nothing visible in the record (a version note): then nothing at all may change. */
  silent?: boolean;
  /** The route refuses this field (400) and says where it is changed instead: then nothing at all may change. */
  refused?: boolean;
  /** A different starting record, when the fully-populated one cannot take this value alone. */
  create?: () => Promise<Target>;
}
interface WalkEntry {
  main: string;
  create(): Promise<Target>;
  fields: Record<string, FieldChange>;
  /** Columns that bookkeeping changes on any write (timestamps, version counters). */
  ignore: string[];
}

let rt: TestRuntime;
let app: FastifyInstance;
let admin: Record<string, string>;
let coordinator: Record<string, string>;
let clock = Date.parse("2026-03-01T10:00:00Z");

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

async function rows(query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const r = (await rt.database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return r.rows;
}
/** Child rows without their own ids (a replaced collection gets new ids even when its content is the same). */
async function childRows(query: ReturnType<typeof sql>): Promise<string[]> {
  return (await rows(query)).map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort();
}
async function row(table: string, id: string): Promise<Snapshot> {
  const [r] = await rows(sql`select * from ${sql.identifier(table)} where id = ${id}`);
  if (!r) throw new Error(`${table} ${id} not found`);
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [`${table}.${k}`, v]));
}

async function fullPerson(): Promise<Target> {
  const p = await makePerson(rt, {
    primaryName: "Горинов Алексей Александрович",
    alternateNames: ["Alexei Gorinov", "Gorinov Aleksei"],
    sex: "male",
    birthDate: "1961-07-08",
    citizenship: "Россия",
    homeRegion: "Москва",
    category: "ru_political_prisoner",
    status: "in_colony",
    statusSince: "2022-09-19",
    facilityName: "ИК-7 Покров",
    publicityConsent: "full",
    exchangeConsent: "consents",
    publicSummary: "Муниципальный депутат, осуждён за слова о войне.",
    sentenceText: "7 лет общего режима",
  });
  return {
    url: `/api/v1/people/${p.id}`,
    read: async () => ({
      ...(await row("person", p.id)),
      names: await childRows(sql`select * from person_name where person_id = ${p.id}`),
      statusEvents: await childRows(sql`select status, occurred_on from status_event where person_id = ${p.id}`),
    }),
  };
}

async function fullCase(): Promise<Target> {
  const p = await makePerson(rt);
  const c = await makeCase(rt, p.id, {
    caseNumber: "12201450001000123",
    investigatingBody: "СК по Москве",
    court: "Мещанский районный суд Москвы",
    judge: "Мезенцева О.",
    prosecutor: "Иванов И.",
    detainedOn: "2022-04-26",
    chargedOn: "2022-04-28",
    verdictOn: "2022-07-08",
    appealOn: "2022-09-19",
    verdict: "виновен",
    sentenceYears: 7,
    sentenceMonths: 3,
    sentenceDays: 10,
    regime: "general",
    regimeChangedOn: "2023-05-01",
    regimeChangedTo: "strict",
    fineRub: 300000,
    bans: "запрет на использование интернета 4 года",
    summary: "Слова о войне на заседании совета депутатов.",
    offenceOn: "2022-03-15",
    changes: [{ date: "2022-09-19", stage: "appeal", outcome: "upheld" }],
    articles: [{ code: "RU_CC", article: "207.3", part: "2", paragraph: "а" }],
    custodyPeriods: [
      { kind: "sizo", fromDate: "2022-04-26", toDate: "2022-09-19" },
      { kind: "house_arrest", fromDate: "2022-01-10", toDate: "2022-04-25" },
    ],
  });
  return {
    url: `/api/v1/people/${p.id}/cases/${c.id}`,
    read: async () => ({
      ...(await row("criminal_case", c.id)),
      articles: await childRows(sql`select * from case_article where case_id = ${c.id}`),
      custodyPeriods: await childRows(sql`select * from custody_period where case_id = ${c.id}`),
    }),
  };
}

async function fullList(filters: Record<string, unknown> = { region: "Москва", exchangeConsent: ["consents"] }): Promise<Target> {
  const p = await makePerson(rt, { exchangeConsent: "consents" });
  const { user } = await makeUser(rt, "coordinator");
  const ctx = rt.ctx({ kind: "user", userId: user.id, organisationId: user.organisationId, role: "coordinator", label: user.email });
  const l = await createList(ctx, { name: "Обмен, весна", purpose: "переговоры через посредника", categories: ["ru_political_prisoner", "ua_civilian_hostage"], filters, personIds: [p.id] });
  return { url: `/api/v1/lists/${l.id}`, read: () => row("exchange_list", l.id) };
}

async function fullUser(): Promise<Target> {
  const { user } = await makeUser(rt, "researcher");
  await rt.database.db
    .update(appUser)
    .set({ totpSecretEnc: rt.cipher.seal("JBSWY3DPEHPK3PXP"), totpPendingEnc: rt.cipher.seal("KRSXG5CTMVRXEZLU"), totpLastStep: 123, recoveryCodeHashes: ["a", "b"], failedSecondFactors: 2, failedSignIns: 4, lockedUntil: new Date("2026-03-01T11:00:00Z") })
    .where(eq(appUser.id, user.id));
  return { url: `/api/v1/users/${user.id}`, read: () => row("app_user", user.id) };
}

async function fullAppeal(): Promise<Target> {
  const anon = rt.ctx({ kind: "anonymous" });
  rt.setNow(new Date(clock));
  const token = issueAppealFormToken(anon, FAMILY_ADDRESS);
  clock += MIN_FILL_MS + 1000;
  rt.setNow(new Date(clock));
  const a = await submitAppeal(anon, {
    lang: "ru",
    token,
    heldName: "Иванов Сергей Петрович",
    heldBirthDate: "12.03.1985",
    heldWhere: "СИЗО-2 Симферополь",
    heldArticle: "ст. 275 УК РФ",
    heldSince: "весна 2023",
    requests: ["legal_help", "letters"],
    text: "Задержан на блокпосту.",
    contactMethod: "messenger",
    contactValue: "+380501234567",
  }, FAMILY_ADDRESS);
  const id = await appealIdByCode(rt, a.code);
  return { url: `/api/v1/appeals/${id}`, read: () => row("appeal", id) };
}

async function fullFacility(): Promise<Target> {
  const f = await createFacility(rt.systemCtx(), { name: `ИК-2 Мордовия ${clock++}`, nameLatin: "IK-2 Mordovia", kind: "colony", region: "Мордовия", postalAddress: "431200, п. Явас", notes: "женская колония" });
  return { url: `/api/v1/facilities/${f.id}`, read: () => row("facility", f.id) };
}

async function fullOfficial(): Promise<Target> {
  const o = await createOfficial(rt.systemCtx(), {
    primaryName: "Сташина Елена Анатольевна",
    nameLatin: "Stashina Elena",
    alternateNames: ["Сташина Е.А."],
    birthDate: "1969-04-02",
    notes: "вела дело Горинова",
    positions: [{ bodyName: `Мещанский районный суд ${clock++}`, position: "федеральный судья", rank: "—", region: "Москва", fromDate: "2010-01-01", toDate: null }],
    private: { homeAddress: "г. Москва", relatives: "—", phone: "+7 900 000-00-00" },
    confirmDuplicate: true,
  });
  return {
    url: `/api/v1/officials/${o.id}`,
    read: async () => ({
      ...(await row("official", o.id)),
      names: await childRows(sql`select * from official_name where official_id = ${o.id}`),
      positions: await childRows(sql`select * from official_position where official_id = ${o.id}`),
    }),
  };
}

const walker: Record<string, WalkEntry> = {
  "/api/v1/officials/:id": {
    main: "official",
    create: fullOfficial,
    ignore: ["official.updated_at"],
    fields: {
      primaryName: { value: "Сташина Елена", touches: ["official.primary_name", "names"] },
      nameLatin: { value: null, touches: ["official.name_latin", "names"] },
      alternateNames: { value: ["Stashina E. A."], touches: ["names"] },
      birthDate: { value: null },
      notes: { value: "—" },
      positions: { value: [{ position: "председатель суда", fromDate: "2020-01-01" }], touches: ["positions"] },
      private: { value: { phone: "+7 900 111-11-11" }, touches: ["official.private_enc"] },
    },
  },
  "/api/v1/people/:id": {
    main: "person",
    create: fullPerson,
    ignore: ["person.updated_at"],
    fields: {
      externalId: { value: "REG-2026-0001" },
      primaryName: { value: "Gorinov Aleksei Aleksandrovich", touches: ["person.primary_name", "names"] },
      latinName: { value: "GORINOV ALEKSEI" },
      alternateNames: { value: ["Горинов А. А."], touches: ["names"] },
      sex: { value: "unknown" },
      birthDate: { value: "1962", touches: ["person.birth_date", "person.birth_year"] },
      citizenship: { value: null },
      homeRegion: { value: "Московская область" },
      category: { value: "other" },
      status: { value: "released", touches: ["person.status", "statusEvents"] },
      statusSince: { value: "2022-10-01" },
      facilityName: { value: null, touches: ["person.current_facility_id"] },
      // Consent changes only by recording it (POST /api/v1/people/:id/consents: who gave it and how).
      publicityConsent: { value: "none", refused: true },
      exchangeConsent: { value: "refuses", refused: true },
      publicSummary: { value: null },
      sentenceText: { value: "7 лет" },
    },
  },
  "/api/v1/people/:id/cases/:caseId": {
    main: "criminal_case",
    create: fullCase,
    ignore: ["criminal_case.updated_at"],
    fields: {
      caseNumber: { value: null },
      investigatingBody: { value: "ФСБ" },
      court: { value: "Московский городской суд" },
      judge: { value: "Сидоров П." },
      prosecutor: { value: null },
      detainedOn: { value: "2022-04-27" },
      chargedOn: { value: null },
      verdictOn: { value: "2022-07-09" },
      appealOn: { value: null },
      verdict: { value: "оправдан" },
      sentenceYears: { value: 6 },
      sentenceMonths: { value: 0 },
      sentenceDays: { value: null },
      regime: { value: "strict" },
      regimeChangedOn: { value: null },
      regimeChangedTo: { value: "prison" },
      fineRub: { value: 0 },
      bans: { value: null },
      summary: { value: "—" },
      offenceOn: { value: null },
      changes: { value: [{ date: "2023-02-01", stage: "appeal", outcome: "changed", regime: "strict" }], touches: ["criminal_case.sentence_changes"] },
      articles: { value: [{ code: "RU_CC", article: "280.3" }], touches: ["articles"] },
      custodyPeriods: { value: [], touches: ["custodyPeriods"] },
    },
  },
  "/api/v1/lists/:id": {
    main: "exchange_list",
    create: () => fullList(),
    // A definition change that changes the rows is a new version of the list.
    ignore: ["exchange_list.updated_at", "exchange_list.current_version"],
    fields: {
      name: { value: "Обмен, лето" },
      purpose: { value: null },
      language: { value: "uk" },
      categories: { value: ["ua_pow"] },
      filters: { value: { article: "207.3" } },
      allForAll: { value: true, create: () => fullList({}) },
      note: { value: "только Москва", silent: true },
    },
  },
  "/api/v1/users/:id": {
    main: "app_user",
    create: fullUser,
    ignore: [],
    fields: {
      role: { value: "volunteer" },
      active: { value: false },
      resetSecondFactor: { value: true, touches: ["app_user.totp_secret_enc", "app_user.totp_pending_enc", "app_user.totp_last_step", "app_user.recovery_code_hashes"] },
      unlock: { value: true, touches: ["app_user.locked_until", "app_user.failed_sign_ins", "app_user.failed_second_factors"] },
    },
  },
  "/api/v1/appeals/:id": {
    main: "appeal",
    create: fullAppeal,
    ignore: ["appeal.updated_at"],
    fields: {
      heldName: { value: "Иванов Сергей" },
      heldBirthDate: { value: null },
      heldWhere: { value: "Таганрог" },
      heldArticle: { value: null },
      heldSince: { value: "2023" },
      language: { value: "uk" },
      requests: { value: ["exchange_list"] },
    },
  },
  "/api/v1/facilities/:id": {
    main: "facility",
    create: fullFacility,
    ignore: [],
    fields: {
      name: { value: "ИК-2 Явас" },
      nameLatin: { value: null },
      kind: { value: "prison" },
      region: { value: "Республика Мордовия" },
      postalAddress: { value: null },
      notes: { value: "—" },
    },
  },
};

function bodyFields(schema: unknown): string[] {
  if (!(schema instanceof z.ZodObject)) throw new Error("a PATCH body must be a z.object so the walk can list its fields");
  return Object.keys(schema.shape);
}

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  await createFacility(rt.systemCtx(), { name: "ИК-7 Покров", kind: "colony", region: "Владимирская область" });
  admin = await signInHeaders(app, (await makeUser(rt, "admin")).email);
  coordinator = await signInHeaders(app, (await makeUser(rt, "coordinator")).email);
});

const patchRoutes = allRoutes().filter((r) => r.method === "PATCH");

describe("every PATCH leaves what it was not sent exactly as it was", () => {
  it("has a walker entry for every PATCH route and every field of its body", () => {
    expect(patchRoutes.length).toBeGreaterThan(0);
    for (const r of patchRoutes) {
      const entry = walker[r.url];
      expect(entry, `PATCH ${r.url} has no entry in the PATCH walk (src/http/routes/patchWalk.test.ts)`).toBeDefined();
      expect(Object.keys(entry!.fields).sort(), `PATCH ${r.url}: the walk must try every field of the body`).toEqual(bodyFields(r.body).sort());
    }
    expect(Object.keys(walker).sort()).toEqual(patchRoutes.map((r) => r.url).sort());
  });

  it("states the rule in each PATCH operation's OpenAPI description", () => {
    const doc = buildOpenApi(allRoutes()) as { paths: Record<string, Record<string, { description?: string }>> };
    for (const r of patchRoutes.filter((r) => r.api)) expect(doc.paths[r.url.replace(/:(\w+)/g, "{$1}")]?.patch?.description).toBe(PATCH_RULE);
  });

  for (const r of patchRoutes) {
    const entry = walker[r.url];
    if (!entry) continue;
    for (const [field, change] of Object.entries(entry.fields)) {
      it(`PATCH ${r.url} {${field}} changes only ${field}`, async () => {
        const target = await (change.create ?? entry.create)();
        const before = await target.read();
        const headers = r.url.startsWith("/api/v1/users") ? admin : coordinator;
        const res = await app.inject({ method: "PATCH", url: target.url, headers, payload: { [field]: change.value } });
        expect(res.statusCode, res.body).toBe(change.refused ? 400 : 200);
        const after = await target.read();
        const changed = Object.keys({ ...before, ...after }).filter((k) => !entry.ignore.includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        const allowed = change.silent || change.refused ? [] : (change.touches ?? [`${entry.main}.${snake(field)}`]);
        expect(changed.filter((k) => !allowed.includes(k)), `PATCH {${field}} changed fields it was not sent`).toEqual([]);
        // The field itself took effect (otherwise the comparison above proves nothing).
        if (!change.silent && !change.refused) expect(changed.length, `PATCH {${field}} changed nothing`).toBeGreaterThan(0);
      });
    }
  }
});
