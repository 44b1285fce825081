import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { appeal } from "../../db/schema/appeal.js";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makePerson, makeUser } from "../../../test/helpers/factories.js";
import { appealIdByCode, FAMILY_ADDRESS } from "../../../test/helpers/appeals.js";
import { verifyAuditChain } from "../audit.js";
import type { ServiceContext } from "../context.js";
import { getPerson, updatePerson } from "../people.js";
import { assignAppealLawyer, closeAppeal, createPersonFromAppeal, linkAppealToPerson, mergeAppeals, registryBirthDate, requestAppealInfo, startReview, updateAppealDetails } from "./actions.js";
import { CODE_BITS, generateAppealCode, normaliseAppealCode, WORDLIST } from "./code.js";
import { checkFormToken, issueFormToken, MIN_FILL_MS } from "./formToken.js";
import { appealStatusByCode, issueAppealFormToken, submitAppeal } from "./submit.js";
import { suggestAppealMatches } from "./suggest.js";
import { getAppeal, listAppealQueue } from "./triage.js";

let rt: TestRuntime;
let anon: ServiceContext;
let clock = Date.parse("2026-03-01T10:00:00Z");
let families = 100;

beforeAll(async () => {
  rt = await createTestRuntime();
  rt.setNow(new Date(clock));
  anon = rt.ctx({ kind: "anonymous" });
});
afterAll(async () => {
  await rt.close();
});

/** A token fetched "earlier": the clock moves past the minimum fill-in time before submitting. */
function tokenThenWait(address = FAMILY_ADDRESS): string {
  const t = issueAppealFormToken(anon, address);
  clock += MIN_FILL_MS + 1000;
  rt.setNow(new Date(clock));
  return t;
}

/** Submit, then commit the hour's batch (appeals are held until their hour is over) and return the appeal's id. */
async function submit(fields: Record<string, unknown> = {}) {
  // Each from its own family's address: one address may send only a few appeals an hour.
  const address = `198.51.100.${++families}`;
  const { code } = await submitAppeal(anon, { lang: "ru", token: tokenThenWait(address), heldName: "Иванов Сергей Петрович", heldBirthDate: "12.03.1985", requests: ["legal_help"], ...fields }, address);
  return { code, id: await appealIdByCode(rt, code) };
}

async function auditTypes(targetId: string): Promise<string[]> {
  const r = await rt.database.db.execute(sql`select type from audit_event where target_id = ${targetId} order by seq`);
  return (r as unknown as { rows: { type: string }[] }).rows.map((x) => x.type);
}

describe("appeal codes", () => {
  it("come from a list of at least 2048 words and carry at least 44 bits", () => {
    expect(WORDLIST.length).toBeGreaterThanOrEqual(2048);
    expect(new Set(WORDLIST).size).toBe(WORDLIST.length);
    expect(CODE_BITS).toBeGreaterThanOrEqual(60);
    const codes = new Set(Array.from({ length: 5000 }, generateAppealCode));
    expect(codes.size).toBe(5000);
    for (const c of [...codes].slice(0, 50)) expect(c).toMatch(/^([bdfgklmnprstvz][aeiou]){2}(-([bdfgklmnprstvz][aeiou]){2}){4}$/);
  });

  it("are read back however they are typed, Cyrillic included", () => {
    expect(normaliseAppealCode("  Bako MENU.tisa,rolu — fena ")).toBe("bako-menu-tisa-rolu-fena");
    expect(normaliseAppealCode("бако-мену-тиса-ролу-фена")).toBe("bako-menu-tisa-rolu-fena");
    expect(normaliseAppealCode("бако мену тіса ролу фена")).toBe("bako-menu-tisa-rolu-fena");
    expect(normaliseAppealCode("bako-menu-tisa-rolu")).toBeNull();
    expect(normaliseAppealCode("bako-menu-tisa-rolu-xxxx")).toBeNull();
  });
});

describe("form tokens", () => {
  it("refuse forged, too fast, expired and missing tokens", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const ip = "203.0.113.5";
    const t = issueFormToken(rt.cipher, now, ip);
    expect(t).not.toContain(ip);
    expect(checkFormToken(rt.cipher, t, new Date(now.getTime() + 1000), ip)).toEqual({ ok: false, problem: "too_fast" });
    expect(checkFormToken(rt.cipher, t, new Date(now.getTime() + 10_000), ip).ok).toBe(true);
    expect(checkFormToken(rt.cipher, t, new Date(now.getTime() + 25 * 3600_000), ip)).toEqual({ ok: false, problem: "expired" });
    // Bound to the client: the same token from another address is refused (still checked hours later).
    expect(checkFormToken(rt.cipher, t, new Date(now.getTime() + 10_000), "203.0.113.6")).toEqual({ ok: false, problem: "other_client" });
    expect(checkFormToken(rt.cipher, t, new Date(now.getTime() + 5 * 3600_000), "203.0.113.6")).toEqual({ ok: false, problem: "other_client" });
    expect(checkFormToken(rt.cipher, t, new Date(now.getTime() + 5 * 3600_000), ip).ok).toBe(true);
    const forged = t.slice(0, -2) + (t.endsWith("AA") ? "BB" : "AA");
    expect(checkFormToken(rt.cipher, forged, new Date(now.getTime() + 10_000), ip)).toEqual({ ok: false, problem: "forged" });
    expect(checkFormToken(rt.cipher, undefined, now, ip)).toEqual({ ok: false, problem: "missing" });
    expect(checkFormToken(rt.cipher, "v1.x.y.z", now, ip)).toEqual({ ok: false, problem: "malformed" });
  });
});

describe("submitting and checking status", () => {
  it("stores an appeal with sealed contact and text, and shows only its status by code", async () => {
    const r = await submit({ contactMethod: "messenger", contactValue: "@maria_signal_1960", safetyNote: "Не звонить, только писать", text: "Сына забрали ночью, адвокат по назначению" });
    expect(normaliseAppealCode(r.code)).toBe(r.code);
    const status = await appealStatusByCode(anon, r.code.toUpperCase().replace(/-/g, " "));
    expect(status).toEqual({ status: "received", since: "2026-03-01" });
    expect(await appealStatusByCode(anon, generateAppealCode())).toBeNull();
    expect(await appealStatusByCode(anon, "garbage")).toBeNull();

    const dump = await rt.database.db.execute(sql`select row_to_json(a)::text as j from appeal a`);
    const raw = (dump as unknown as { rows: { j: string }[] }).rows.map((x) => x.j).join("\n");
    for (const secret of ["maria_signal", "Не звонить", "Сына забрали", "адвокат", r.code]) expect(raw).not.toContain(secret);
    // The held person's name is sealed too (with the field key: no person is linked yet); the app opens it.
    expect(raw).not.toContain("Иванов Сергей Петрович");
    expect((await rt.database.db.select({ heldName: appeal.heldName }).from(appeal).where(eq(appeal.id, r.id)))[0]!.heldName).toBe("Иванов Сергей Петрович");
    expect(await auditTypes(r.id)).toEqual(["appeal.submitted"]);
    // Times to the hour only (the clock here is 10:00:04 and later).
    const times = await rt.database.db.execute(sql`select a.created_at::text as c, e.at::text as e from appeal a join audit_event e on e.target_id = a.id::text where a.id = ${r.id}`);
    for (const v of Object.values((times as unknown as { rows: Record<string, string>[] }).rows[0]!)) expect(v).toMatch(/ 10:00:00(\.0+)?\+00|T10:00:00\.000Z/);
  });

  it("refuses honeypot, replayed and too-fast submissions", async () => {
    await expect(submit({ website: "http://spam.example" })).rejects.toMatchObject({ reason: "honeypot" });
    const token = tokenThenWait();
    await submitAppeal(anon, { lang: "en", token, heldName: "Gorinov Alexei", requests: [] }, FAMILY_ADDRESS);
    await expect(submitAppeal(anon, { lang: "en", token, heldName: "Gorinov Alexei", requests: [] }, FAMILY_ADDRESS)).rejects.toMatchObject({ reason: "replayed" });
    const fresh = issueAppealFormToken(anon, FAMILY_ADDRESS);
    await expect(submitAppeal(anon, { lang: "en", token: fresh, heldName: "Gorinov Alexei" }, FAMILY_ADDRESS)).rejects.toMatchObject({ reason: "too_fast" });
  });

  it("validates fields and sizes", async () => {
    await expect(submit({ heldName: "" })).rejects.toThrow();
    await expect(submit({ text: "я".repeat(8001) })).rejects.toThrow();
    await expect(submit({ requests: ["everything"] })).rejects.toThrow();
  });
});

describe("triage", () => {
  it("suggests registry people and duplicate appeals, with explanations", async () => {
    const gorinov = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"], birthDate: "1961-07-08" });
    await makePerson(rt, { primaryName: "Скочиленко Александра Юрьевна", sex: "female", birthDate: "1990-09-13" });
    const a1 = await submit({ heldName: "Alexey Gorinov", heldBirthDate: "08.07.1961" });
    const a2 = await submit({ heldName: "Горинов Алексей", heldBirthDate: "1961", lang: "en" });
    const coord = await makeUser(rt, "coordinator");
    const s = await suggestAppealMatches(coord.ctx, a1.id);
    expect(s.people[0]).toMatchObject({ personId: gorinov.id, verdict: "match" });
    expect(s.people[0]!.explanation.join(" ")).toMatch(/birth date equal/);
    expect(s.duplicates.map((d) => d.appealId)).toContain(a2.id);
    expect(s.duplicates.find((d) => d.appealId === a2.id)!.explanation.length).toBeGreaterThan(0);

    const queue = await listAppealQueue(coord.ctx, { language: "en" });
    const item = queue.items.find((i) => i.row.id === a2.id)!;
    expect(item.suggestions?.people[0]?.personId).toBe(gorinov.id);
    expect(item.suggestions?.duplicates.map((d) => d.appealId)).toContain(a1.id);
  });

  it("links, creates people, merges, requests info, assigns a lawyer and closes — each audited", async () => {
    const coord = await makeUser(rt, "coordinator");
    const lawyer = await makeUser(rt, "lawyer");
    const person = await makePerson(rt, { primaryName: "Петрова Анна Сергеевна", sex: "female", birthDate: "1995" });
    const a = await submit({ heldName: "Петрова Анна", heldBirthDate: "1995" });
    const b = await submit({ heldName: "Анна Петрова" });
    const c = await submit({ heldName: "Кузнецов Дмитрий Андреевич", heldBirthDate: "05.11.1990" });
    const d = await submit({ heldName: "Spam Spammer" });

    await startReview(coord.ctx, a.id);
    await linkAppealToPerson(coord.ctx, a.id, { personId: person.id });
    expect((await appealStatusByCode(anon, a.code))?.status).toBe("added_to_registry");
    await mergeAppeals(coord.ctx, b.id, { intoId: a.id });
    // The merged appeal's code shows the surviving appeal's status.
    expect((await appealStatusByCode(anon, b.code))?.status).toBe("added_to_registry");
    await expect(mergeAppeals(coord.ctx, a.id, { intoId: b.id })).rejects.toMatchObject({ kind: "conflict" });

    await requestAppealInfo(coord.ctx, a.id, { note: "Нужен номер дела" });
    expect((await appealStatusByCode(anon, a.code))?.status).toBe("needs_info");
    await assignAppealLawyer(coord.ctx, a.id, { userId: lawyer.user.id });
    expect((await appealStatusByCode(anon, b.code))?.status).toBe("legal_help_assigned");
    // The lawyer now sees the person (assignment inserted) and the appeal.
    expect((await getPerson(lawyer.ctx, person.id)).person.id).toBe(person.id);
    expect((await getAppeal(lawyer.ctx, a.id)).events.map((e) => e.kind)).toEqual(["submitted", "review", "linked", "mergedFrom", "infoRequested", "lawyerAssigned"]);
    // Neither the appeal's history nor the audit log names the lawyer beside the person: a keyed hash only.
    const assignedLog = await rt.database.db.execute(sql`select detail::text as d from audit_event where type = 'appeal.lawyerAssigned' and target_id = ${a.id} union all select detail::text from appeal_event where appeal_id = ${a.id} and kind = 'lawyerAssigned'`);
    const details = (assignedLog as unknown as { rows: { d: string }[] }).rows.map((r) => r.d);
    expect(details).toHaveLength(2);
    for (const d of details) expect(d).not.toContain(lawyer.user.id), expect(d).toContain('"assignee": "as1.');
    await expect(assignAppealLawyer(coord.ctx, c.id, { userId: coord.user.id })).rejects.toMatchObject({ kind: "invalid" });

    expect(registryBirthDate("05.11.1990")).toBe("1990-11-05");
    const created = await createPersonFromAppeal(coord.ctx, c.id, { category: "ru_political_prisoner", sex: "male" });
    const p = await getPerson(coord.ctx, created.personId);
    expect(p.person).toMatchObject({ primaryName: "Кузнецов Дмитрий Андреевич", birthDate: "1990-11-05" });
    expect(created.appeal.linkedPersonId).toBe(created.personId);

    await closeAppeal(coord.ctx, d.id, { reason: "spam", note: "реклама" });
    expect((await appealStatusByCode(anon, d.code))?.status).toBe("closed");
    await expect(linkAppealToPerson(coord.ctx, d.id, { personId: person.id })).rejects.toMatchObject({ kind: "conflict" });

    expect(await auditTypes(a.id)).toEqual(["appeal.submitted", "appeal.statusChanged", "appeal.linked", "appeal.merged", "appeal.infoRequested", "appeal.lawyerAssigned", "appeal.sensitiveRead"]);
    expect(await auditTypes(b.id)).toEqual(["appeal.submitted", "appeal.merged"]);
    expect(await auditTypes(c.id)).toEqual(["appeal.submitted", "appeal.personCreated"]);
    expect(await auditTypes(d.id)).toEqual(["appeal.submitted", "appeal.closed"]);
    expect(await auditTypes(person.id)).toContain("person.assigned");
    const notes = await rt.database.db.execute(sql`select row_to_json(e)::text as j from appeal_event e`);
    const raw = JSON.stringify((notes as unknown as { rows: unknown[] }).rows);
    expect(raw).not.toContain("Нужен номер дела");
    expect(raw).not.toContain("реклама");
    expect((await getAppeal(coord.ctx, d.id)).events.at(-1)?.note).toBe("реклама");
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("follows registry changes without a rebuild: a renamed person is found, the old name no longer is", async () => {
    const coord = await makeUser(rt, "coordinator");
    const p = await makePerson(rt, { primaryName: "Заглушкин Пётр Ильич", alternateNames: [], birthDate: "1970" });
    const a = await submit({ heldName: "Новиков Пётр Ильич", heldBirthDate: "1970" });
    const b = await submit({ heldName: "Заглушкин Пётр", heldBirthDate: "1970" });
    expect((await suggestAppealMatches(coord.ctx, a.id)).people.map((x) => x.personId)).not.toContain(p.id);
    expect((await suggestAppealMatches(coord.ctx, b.id)).people[0]?.personId).toBe(p.id);
    await updatePerson(rt.systemCtx(), p.id, { primaryName: "Новиков Пётр Ильич", alternateNames: [] });
    expect((await suggestAppealMatches(coord.ctx, a.id)).people[0]?.personId).toBe(p.id);
    expect((await suggestAppealMatches(coord.ctx, b.id)).people.map((x) => x.personId)).not.toContain(p.id);
  });

  it("a merge carries the lawyer to the surviving appeal, and the lawyer gets its person", async () => {
    const coord = await makeUser(rt, "coordinator");
    const lawyer = await makeUser(rt, "lawyer");
    const person = await makePerson(rt, { primaryName: "Белых Андрей Олегович", birthDate: "1980" });
    const x = await submit({ heldName: "Андрей Белых" });
    const y = await submit({ heldName: "Белых Андрей Олегович" });
    await assignAppealLawyer(coord.ctx, x.id, { userId: lawyer.user.id });
    await linkAppealToPerson(coord.ctx, y.id, { personId: person.id });
    await expect(getPerson(lawyer.ctx, person.id)).rejects.toMatchObject({ kind: "not_found" });
    const r = await mergeAppeals(coord.ctx, x.id, { intoId: y.id });
    expect(r.intoId).toBe(y.id);
    expect((await getAppeal(lawyer.ctx, y.id)).row).toMatchObject({ assigneeId: lawyer.user.id, linkedPersonId: person.id });
    expect((await getPerson(lawyer.ctx, person.id)).person.id).toBe(person.id);
  });

  it("lets staff describe who an e-mail appeal is about, then suggests", async () => {
    const coord = await makeUser(rt, "coordinator");
    const person = await makePerson(rt, { primaryName: "Смирнов Алексей Викторович", birthDate: "1979" });
    const a = await submit({ heldName: "неизвестно" });
    await updateAppealDetails(coord.ctx, a.id, { heldName: "Смирнов Алексей Викторович", heldBirthDate: "1979" });
    expect((await suggestAppealMatches(coord.ctx, a.id)).people[0]?.personId).toBe(person.id);
    expect(await auditTypes(a.id)).toEqual(["appeal.submitted", "appeal.updated"]);
  });

  it("keeps the words about the held person under the field key until linked, then under that person's key (erasure reaches them)", async () => {
    const coord = await makeUser(rt, "coordinator");
    const [first, second] = [await makePerson(rt, { primaryName: "Кузякина Прасковья Ильинична" }), await makePerson(rt, { primaryName: "Кузякина Прасковья" })];
    const a = await submit({ heldName: "Кузякину Прасковью", heldWhere: "СИЗО-1 Пермь", text: "Дочь Прасковья в СИЗО с весны", contactMethod: "email", contactValue: "mama.kuzyakina@example.org" });
    const stored = async () => (await rt.database.db.execute(sql`select held_name, held_birth_date, held_where from appeal where id = ${a.id}`)) as unknown as { rows: Record<string, string>[] };
    const prefixes = async () => Object.values((await stored()).rows[0]!).map((v) => v.slice(0, 40).split(".").slice(0, 2).join("."));
    expect((await prefixes()).every((p) => p.startsWith("v1."))).toBe(true);
    await linkAppealToPerson(coord.ctx, a.id, { personId: first.id });
    expect(await prefixes()).toEqual([`p1.${first.id}`, `p1.${first.id}`, `p1.${first.id}`]);
    // The family's contact and words follow too, and a staff note written now is under her key as well.
    const content = async () => (await rt.database.db.execute(sql`select contact_enc as c, text_enc as t from appeal where id = ${a.id} union all select note_enc, null from appeal_event where appeal_id = ${a.id} and note_enc is not null`)) as unknown as { rows: { c: string | null; t: string | null }[] };
    await requestAppealInfo(coord.ctx, a.id, { note: "Уточнить номер колонии" });
    const underFirst = (await content()).rows.flatMap((r) => [r.c, r.t]).filter((v) => v !== null);
    expect(underFirst).toHaveLength(3);
    expect(underFirst.every((v) => v!.startsWith(`p1.${first.id}.`))).toBe(true);
    // An edit of a linked appeal stays under the person's key; linking it to someone else moves all of it.
    await updateAppealDetails(coord.ctx, a.id, { heldWhere: "ИК-28 Пермский край" });
    expect(await prefixes()).toEqual([`p1.${first.id}`, `p1.${first.id}`, `p1.${first.id}`]);
    await linkAppealToPerson(coord.ctx, a.id, { personId: second.id });
    expect(await prefixes()).toEqual([`p1.${second.id}`, `p1.${second.id}`, `p1.${second.id}`]);
    expect((await content()).rows.flatMap((r) => [r.c, r.t]).filter((v) => v !== null).every((v) => v!.startsWith(`p1.${second.id}.`))).toBe(true);
    const opened = await getAppeal(coord.ctx, a.id);
    expect(opened.row).toMatchObject({ heldName: "Кузякину Прасковью", heldBirthDate: "12.03.1985", heldWhere: "ИК-28 Пермский край" });
    expect(opened.events.find((e) => e.kind === "infoRequested")?.note).toBe("Уточнить номер колонии");
    expect(opened.text?.body).toBe("Дочь Прасковья в СИЗО с весны");
    expect(opened.contact?.value).toBe("mama.kuzyakina@example.org");
  });

  it("keeps roles apart: researchers see no sensitive data, volunteers nothing, lawyers only their appeals", async () => {
    const a = await submit({ contactMethod: "email", contactValue: "family@example.org" });
    const researcher = await makeUser(rt, "researcher");
    const r = await getAppeal(researcher.ctx, a.id);
    expect(r.contact).toBeNull();
    expect(r.canReadSensitive).toBe(false);
    await expect(closeAppeal(researcher.ctx, a.id, { reason: "spam" })).rejects.toMatchObject({ kind: "forbidden" });
    const volunteer = await makeUser(rt, "volunteer");
    await expect(listAppealQueue(volunteer.ctx, {})).rejects.toMatchObject({ kind: "forbidden" });
    const lawyer = await makeUser(rt, "lawyer");
    await expect(getAppeal(lawyer.ctx, a.id)).rejects.toMatchObject({ kind: "not_found" });
    const coord = await makeUser(rt, "coordinator");
    expect((await getAppeal(coord.ctx, a.id)).contact?.value).toBe("family@example.org");
    expect(await auditTypes(a.id)).toEqual(["appeal.submitted", "appeal.sensitiveRead"]);
  });
});
