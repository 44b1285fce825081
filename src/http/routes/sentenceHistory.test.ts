import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;
let hr: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  hr = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
});

describe("a case's sentence history, offence date and custody details reach the release date", () => {
  it("stores `changes` sent in a PATCH, keeps them on a PATCH without them, and the working follows them", async () => {
    const p = await makePerson(rt, { birthDate: "1961-07-08" });
    const created = await app.inject({
      method: "POST",
      url: `/api/v1/people/${p.id}/cases`,
      headers: hr,
      payload: { verdictOn: "2022-07-08", sentenceYears: 7, regime: "general", articles: [{ article: "207.3", part: "2" }], detainedOn: "2022-04-26" },
    });
    expect(created.statusCode).toBe(201);
    const caseId = created.json().id as string;
    // No custody periods: SIZO from the detention is inferred (case 1 of workedCases.test.ts: 2029-03-20).
    let rd = (await app.inject({ url: `/api/v1/people/${p.id}/release-date?asOf=2026-01-01`, headers: hr })).json();
    expect(rd.cases[0].result.releaseDate).toBe("2029-03-20");
    expect(rd.cases[0].result.warnings.join(" ")).toContain("is assumed");

    const changes = [
      { date: "2022-09-20", stage: "appeal", outcome: "upheld" },
      { date: "2023-03-01", stage: "cassation", term: { years: 6, months: 0, days: 0 }, note: "кассация снизила срок" },
    ];
    const patched = await app.inject({ method: "PATCH", url: `/api/v1/people/${p.id}/cases/${caseId}`, headers: hr, payload: { changes } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().changes).toEqual(changes);
    // A PATCH that does not name `changes` keeps them.
    await app.inject({ method: "PATCH", url: `/api/v1/people/${p.id}/cases/${caseId}`, headers: hr, payload: { court: "Мещанский районный суд" } });
    rd = (await app.inject({ url: `/api/v1/people/${p.id}/release-date?asOf=2026-01-01`, headers: hr })).json();
    // 6 y less 109 days: 2028-03-20 (sentence history test in workedCases.test.ts).
    expect(rd.cases[0].result.releaseDate).toBe("2028-03-20");
    expect(rd.cases[0].result.chain.map((c: { stage: string }) => c.stage)).toEqual(["first_instance", "appeal", "cassation"]);

    const bad = await app.inject({ method: "PATCH", url: `/api/v1/people/${p.id}/cases/${caseId}`, headers: hr, payload: { changes: [{ date: "2023-02-30", stage: "appeal" }] } });
    expect(bad.statusCode).toBe(400);
  });

  it("honours banOnLeavingHome: false and the offence date of a minor", async () => {
    const p = await makePerson(rt, { birthDate: "2005-03-10" });
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/people/${p.id}/cases`,
      headers: hr,
      payload: {
        verdictOn: "2023-06-15",
        offenceOn: "2022-12-01",
        sentenceYears: 5,
        regime: "general",
        articles: [{ article: "205.2", part: "1" }],
        custodyPeriods: [
          { kind: "ban_on_actions", fromDate: "2022-12-10", toDate: "2023-01-19", banOnLeavingHome: false },
          { kind: "sizo", fromDate: "2023-01-20" },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().custodyPeriods[0].banOnLeavingHome).toBe(false);
    const r = (await app.inject({ url: `/api/v1/people/${p.id}/release-date?asOf=2024-01-01`, headers: hr })).json().cases[0].result;
    // The ban without the prohibition on leaving home credits nothing; SIZO 146 days × 1; minor → 1/3 → 2024-09-20.
    expect(r.creditDays).toBe(146);
    expect(r.parole.eligibleFrom).toBe("2024-09-20");
    expect(r.minor.minor).toBe(true);
  });
});
