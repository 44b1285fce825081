import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { verifyAuditChain } from "../../services/audit.js";
import { assessRecognition, decideRecognition } from "../../services/recognition.js";
import { computePeoplePriorities, computePersonPriority, updatePriorityWeights } from "../../services/priority.js";
import { healthRecord } from "../../db/schema/person.js";
import { DEFAULT_PRIORITY_WEIGHTS } from "../../domain/priority/weights.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { assignPerson, makeCase, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";
import { sealPersonRow } from "../../db/schema/sealed.js";

let rt: TestRuntime;
let app: FastifyInstance;
// Signed-in HTTP headers, one sign-in per role for the whole file (sign-in is rate limited).
let hv: Record<string, string>; // volunteer
let hr: Record<string, string>; // researcher

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  hv = await signInHeaders(app, (await makeUser(rt, "volunteer")).email);
  hr = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
  rt.setNow(new Date("2026-11-24T12:00:00Z"));
});

const assessment = {
  criteria: [
    { criterion: "a", met: true, reasoning: "Seven years for words about the war (freedom of expression).", sources: ["verdict of 2022-07-08"] },
    { criterion: "c", met: true, reasoning: "Seven years for a remark at a council meeting.", sources: ["video of the council meeting"] },
  ],
  exclusions: [{ kind: "violence_against_persons", applies: false, note: "No violence alleged." }],
  proposal: "recognised",
  summary: "207.3 part 2, municipal deputy.",
};

// Admins and coordinators need a second factor for HTTP sessions, so their steps go through the services
// with their own context (the same code the routes call); HTTP covers the other roles and the permission gates.
describe("recognition (four-eyes)", () => {
  it("the author cannot decide, a viewer cannot decide, a second coordinator can; reversible with history", async () => {
    const p = await makePerson(rt);
    const author = await makeUser(rt, "coordinator");
    const second = await makeUser(rt, "coordinator");
    const admin = await makeUser(rt, "admin");
    const url = `/api/v1/people/${p.id}/recognition`;

    expect((await app.inject({ url, headers: hv })).json()).toEqual({ personId: p.id, current: null, earlier: [] });

    // A volunteer cannot assess over HTTP; a coordinator can.
    expect((await app.inject({ method: "POST", url, headers: hv, payload: assessment })).statusCode).toBe(403);
    const created = await assessRecognition(author.ctx, p.id, assessment);
    expect(created.state.status).toBe("pending");

    // Invalid: duplicate criterion.
    await expect(assessRecognition(author.ctx, p.id, { ...assessment, criteria: [assessment.criteria[0], assessment.criteria[0]] })).rejects.toThrow(/given twice/);

    await expect(decideRecognition(author.ctx, p.id, { outcome: "recognised", reason: "I wrote it and I agree." })).rejects.toMatchObject({
      kind: "forbidden",
      details: { code: "AUTHOR_CANNOT_DECIDE" },
    });
    // Viewers (volunteers) and researchers cannot decide: refused at the route.
    expect((await app.inject({ method: "POST", url: `${url}/decisions`, headers: hv, payload: { outcome: "recognised", reason: "x" } })).statusCode).toBe(403);
    expect((await app.inject({ method: "POST", url: `${url}/decisions`, headers: hr, payload: { outcome: "recognised", reason: "x" } })).statusCode).toBe(403);
    // …and by the service as well.
    const researcher = await makeUser(rt, "researcher");
    await expect(decideRecognition(researcher.ctx, p.id, { outcome: "recognised", reason: "x" })).rejects.toMatchObject({ kind: "forbidden" });

    const ok = await decideRecognition(second.ctx, p.id, { outcome: "recognised", reason: "Criteria (a) and (c) are met." });
    expect(ok.state.status).toBe("recognised");

    await expect(decideRecognition(admin.ctx, p.id, { outcome: "recognised", reason: "again" })).rejects.toMatchObject({ kind: "conflict" });
    // A reversal: not by the reviewer who decided, and with a reason of substance (shown to the next reviewer).
    await expect(decideRecognition(second.ctx, p.id, { outcome: "not_recognised", reason: "New information: see source 12 on the violence." })).rejects.toMatchObject({ details: { code: "REVERSAL_SAME_REVIEWER" } });
    await expect(decideRecognition(admin.ctx, p.id, { outcome: "not_recognised", reason: "back" })).rejects.toMatchObject({ kind: "invalid", details: { code: "REVERSAL_REASON_TOO_SHORT" } });
    await decideRecognition(admin.ctx, p.id, { outcome: "not_recognised", reason: "New information: see source 12 on the violence." });

    // Volunteers see the outcome only; researchers see the reasoning and the people.
    expect((await app.inject({ url, headers: hv })).json()).toEqual({
      personId: p.id,
      current: { state: { status: "not_recognised", criteriaMet: ["a", "c"] } },
      earlier: [],
    });
    const view = (await app.inject({ url, headers: hr })).json();
    expect(view.current.state.status).toBe("not_recognised");
    expect(view.current.assessment.authorId).toBe(author.user.id);
    expect(view.current.state.history.map((d: { seq: number; outcome: string; reviewerId: string; supersedes?: number }) => [d.seq, d.outcome, d.reviewerId, d.supersedes ?? null])).toEqual([
      [1, "recognised", second.user.id, null],
      [2, "not_recognised", admin.user.id, 1],
    ]);
    expect(view.current.state.history[0].reason).toBe("Criteria (a) and (c) are met.");
    expect(view.current.state.reversal).toMatchObject({ seq: 2, supersedes: 1, reason: "New information: see source 12 on the violence." });
    expect(Object.keys(view.current.users)).toEqual(expect.arrayContaining([author.user.id, second.user.id, admin.user.id]));

    const audit = await verifyAuditChain(rt.database.db);
    expect(audit.ok).toBe(true);
  });

  it("a researcher assesses over HTTP; recognising needs an acknowledged exclusion", async () => {
    const p = await makePerson(rt);
    const b = await makeUser(rt, "coordinator");
    const url = `/api/v1/people/${p.id}/recognition`;
    const created = await app.inject({
      method: "POST",
      url,
      headers: hr,
      payload: { ...assessment, exclusions: [{ kind: "violence_against_persons", applies: true, note: "Threw a paper cup at a policeman (318 part 1)." }] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().state.status).toBe("pending");
    const bad = await app.inject({ method: "POST", url, headers: hr, payload: { ...assessment, criteria: [{ criterion: "z", met: true, reasoning: "x" }] } });
    expect(bad.statusCode).toBe(400);
    await expect(decideRecognition(b.ctx, p.id, { outcome: "recognised", reason: "x" })).rejects.toMatchObject({ kind: "invalid", details: { code: "EXCLUSION_APPLIES" } });
    const ok = await decideRecognition(b.ctx, p.id, { outcome: "recognised", reason: "No harm; sentence disproportionate (c).", acknowledgeExclusions: true });
    expect(ok.state.current?.exclusionsAcknowledged).toBe(true);
  });
});

describe("release-date API", () => {
  it("computes from the stored case with the working; incomplete cases say what is missing", async () => {
    const p = await makePerson(rt);
    await makeCase(rt, p.id, {
      verdictOn: "2022-07-08",
      appealOn: "2022-09-19",
      custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-26", toDate: null }],
    });
    await makeCase(rt, p.id, { verdictOn: null, sentenceYears: null, regime: null, custodyPeriods: [] });
    // Volunteers do not read cases, so not their release dates either.
    expect((await app.inject({ url: `/api/v1/people/${p.id}/release-date`, headers: hv })).statusCode).toBe(403);
    const res = await app.inject({ url: `/api/v1/people/${p.id}/release-date`, headers: hr });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe("2026-11-24");
    const computed = body.cases.find((c: { status: string }) => c.status === "computed");
    expect(computed.result.creditDays).toBe(219);
    expect(computed.result.lastDay).toBe("2029-02-11");
    expect(computed.result.releaseDate).toBe("2029-02-09");
    expect(computed.result.working).toContain("SIZO 2022-04-26..2022-09-18 (146 days) × 1.5 [general-regime colony] = 219 days credit (art. 72 part 3.1(b)).");
    // Each line also carries its message code and parameters for the staff app's translations.
    expect(computed.result.workingLines).toContainEqual(expect.objectContaining({ code: "release.credit.sizo", params: expect.objectContaining({ from: "2022-04-26", to: "2022-09-18", days: 146, credit: 219 }) }));
    expect(computed.noteLines[0]).toMatchObject({ code: "release.note.appeal", text: computed.notes[0] });
    expect(computed.result.rulesApplied.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(["cc72.3.1.b", "pec173.2"]));
    expect(body.current.releaseDate).toBe("2029-02-09");
    const incomplete = body.cases.find((c: { status: string }) => c.status === "incomplete");
    expect(incomplete.missing).toEqual(["verdictOn", "sentence (years/months/days)", "regime"]);
  });

  it("205.2 counts custody 1:1; lawyers see only assigned people", async () => {
    const p = await makePerson(rt);
    await makeCase(rt, p.id, {
      verdictOn: "2022-07-08",
      appealOn: "2022-09-19",
      articles: [{ code: "RU_CC", article: "205.2", part: "2" }],
      custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-26", toDate: null }],
    });
    const lawyer = await makeUser(rt, "lawyer");
    const hl = await signInHeaders(app, lawyer.email);
    expect((await app.inject({ url: `/api/v1/people/${p.id}/release-date`, headers: hl })).statusCode).toBe(404);
    await assignPerson(rt, p.id, lawyer.user.id);
    const body = (await app.inject({ url: `/api/v1/people/${p.id}/release-date?asOf=2027-01-01`, headers: hl })).json();
    expect(body.asOf).toBe("2027-01-01");
    expect(body.cases[0].result.creditDays).toBe(146);
    expect(body.cases[0].result.parole.fraction).toEqual({ num: 3, den: 4 });
  });
});

describe("priority API", () => {
  it("weights: read by all, a new version per edit by coordinators, validated", async () => {
    const coord = await makeUser(rt, "coordinator");
    const first = (await app.inject({ url: "/api/v1/priority-weights", headers: hr })).json();
    expect(first.current.version).toBe(1);
    expect(first.current.builtIn).toBe(true);

    const edited = structuredClone(DEFAULT_PRIORITY_WEIGHTS) as unknown as { age: { elderly70: number } };
    edited.age.elderly70 = 30;
    expect((await app.inject({ method: "POST", url: "/api/v1/priority-weights", headers: hr, payload: { weights: edited } })).statusCode).toBe(403);
    const v2 = await updatePriorityWeights(coord.ctx, { weights: edited, note: "elderly weigh more" });
    expect(v2.version).toBe(2);
    await expect(updatePriorityWeights(coord.ctx, { weights: { ...edited, age: { elderly70: -5 } } })).rejects.toThrow();

    const all = (await app.inject({ url: "/api/v1/priority-weights", headers: hr })).json();
    expect(all.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(all.current.weights.age.elderly70).toBe(30);
    expect((await app.inject({ url: "/api/v1/priority-weights/1", headers: hr })).json().weights.age.elderly70).toBe(20);
    expect((await app.inject({ url: "/api/v1/priority-weights/9", headers: hr })).statusCode).toBe(404);
  });

  it("score from stored facts, health and release date; health reasons withheld from viewers without health access", async () => {
    const p = await makePerson(rt, { birthDate: "1961-07-08" });
    await makeCase(rt, p.id, { verdictOn: "2022-07-08", appealOn: "2022-09-19", custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-26", toDate: null }] });
    await rt.database.db.insert(healthRecord).values(
      sealPersonRow(healthRecord, p.id, {
        personId: p.id,
        detailsEnc: { condition: "lung cancer", icd10: ["C34.1"] },
        severity: "severe" as const,
        preventsServing: false,
      }),
    );
    const facts = await app.inject({
      method: "PUT",
      url: `/api/v1/people/${p.id}/priority/facts`,
      headers: hr,
      payload: { minorChildren: 1, publicProfile: "low", conditions: [{ kind: "punishment_cell", verified: true }] },
    });
    expect(facts.statusCode).toBe(200);
    const coord = await makeUser(rt, "coordinator");
    const r = await computePersonPriority(coord.ctx, p.id, { weightsVersion: 1 });
    const byKey = Object.fromEntries(r.parts.map((x) => [x.key, x])) as Record<(typeof r.parts)[number]["key"], (typeof r.parts)[number]>;
    expect(byKey.health_severity.points).toBe(30);
    expect(byKey.health_decree54.points).toBe(25);
    expect(byKey.health_decree54.why).toContain("C34.1");
    expect(byKey.age.points).toBe(10); // 65
    expect(byKey.remaining_time.why).toContain("2029-02-09");
    // 4.2 years left would give 10, but severe cancer makes the time-left part its highest (25, docs/priority.md).
    expect(byKey.remaining_time.points).toBe(25);
    expect(byKey.dependants.points).toBe(5);
    expect(byKey.conditions.points).toBe(10);
    expect(byKey.public_profile.points).toBe(10);
    expect(r.total).toBe(30 + 25 + 10 + 25 + 5 + 10 + 10);
    expect(r.weightsVersion).toBe(1);

    // The batch (for lists) gives the same score in a fixed number of queries.
    const other = await makePerson(rt);
    const batch = await computePeoplePriorities(coord.ctx, [p.id, other.id, "00000000-0000-4000-8000-000000000000"], { weightsVersion: 1 });
    expect([...batch.keys()].sort()).toEqual([p.id, other.id].sort());
    expect(batch.get(p.id)).toEqual(r);
    const lawyer = await makeUser(rt, "lawyer");
    await assignPerson(rt, other.id, lawyer.user.id);
    const lawyerBatch = await computePeoplePriorities(lawyer.ctx, [p.id, other.id], { weightsVersion: 1 });
    expect([...lawyerBatch.keys()]).toEqual([other.id]);

    const rv = (await app.inject({ url: `/api/v1/people/${p.id}/priority?weightsVersion=1`, headers: hv })).json();
    // Health does not enter a volunteer's score at all (issue #20: the points mapped back to "severe" and "on the
    // Decree 54 list"): no health parts, and "time left" without the raise that severe illness gives it.
    expect(rv.total).toBe(r.total - 30 - 25 - (25 - 10));
    expect(rv.healthDetailsShown).toBe(false);
    expect(JSON.stringify(rv)).not.toContain("C34.1");
    // The reasons' message codes are replaced with the withheld ones too: their parameters quote the same records.
    const vByKey = Object.fromEntries(rv.parts.map((x: { key: string }) => [x.key, x]));
    expect(vByKey.health_decree54).toMatchObject({ code: "priority.withheld.health", params: {}, points: 0 });
    expect(vByKey.health_severity).toMatchObject({ code: "priority.withheld.health", points: 0 });
    expect(vByKey.remaining_time).toMatchObject({ code: "priority.withheld.cases", params: {} });
    // Volunteers do not read cases: the release date behind "time left" is withheld too.
    expect(JSON.stringify(rv)).not.toContain("2029-02-09");
    expect((await app.inject({ method: "PUT", url: `/api/v1/people/${p.id}/priority/facts`, headers: hv, payload: { minorChildren: 3 } })).statusCode).toBe(403);
  });
});

describe("OpenAPI", () => {
  it("documents the recognition, release-date and priority routes", async () => {
    const doc = (await app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/people/{id}/recognition",
        "/api/v1/people/{id}/recognition/decisions",
        "/api/v1/people/{id}/release-date",
        "/api/v1/people/{id}/priority",
        "/api/v1/people/{id}/priority/facts",
        "/api/v1/priority-weights",
        "/api/v1/priority-weights/{version}",
        "/api/v1/reference/recognition",
        "/api/v1/reference/decree-54",
      ]),
    );
  });

  it("serves reference data for forms", async () => {
    const rec = (await app.inject({ url: "/api/v1/reference/recognition", headers: hv })).json();
    expect(rec.criteria.map((c: { criterion: string }) => c.criterion)).toEqual(["a", "b", "c", "d", "e"]);
    const d54 = (await app.inject({ url: "/api/v1/reference/decree-54?icd10=c34.1", headers: hv })).json();
    expect(d54.match.entries).toEqual(["cancer"]);
    expect((await app.inject({ url: "/api/v1/reference/decree-54" })).statusCode).toBe(401);
  });
});
