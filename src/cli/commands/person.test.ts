import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../../test/helpers/factories.js";
import { assessRecognition, decideRecognition } from "../../services/recognition.js";
import { setPriorityFacts } from "../../services/priority.js";
import { buildProgram } from "../main.js";
import { personReport, resolvePersonId } from "./person.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
  rt.setNow(new Date("2026-11-24T12:00:00Z"));
});
afterAll(async () => {
  await rt.close();
});

describe("allforall person show", () => {
  it("is registered on the program", async () => {
    const person = (await buildProgram()).commands.find((c) => c.name() === "person");
    expect(person?.commands.map((c) => c.name())).toContain("show");
  });

  it("prints recognition state, release-date working and priority breakdown", async () => {
    const p = await makePerson(rt, { externalId: "CLI-1", birthDate: "1961-07-08" });
    await makeCase(rt, p.id, { caseNumber: "12201450001000123", verdictOn: "2022-07-08", appealOn: "2022-09-19", custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-26", toDate: null }] });
    const author = await makeUser(rt, "researcher");
    const reviewer = await makeUser(rt, "coordinator");
    await assessRecognition(author.ctx, p.id, {
      criteria: [{ criterion: "a", met: true, reasoning: "Words against the war.", sources: ["verdict"] }],
      exclusions: [],
      proposal: "recognised",
      summary: "207.3 part 2.",
    });
    await decideRecognition(reviewer.ctx, p.id, { outcome: "recognised", reason: "Criterion (a) met." });
    await setPriorityFacts(rt.systemCtx(), p.id, { minorChildren: 2, publicProfile: "low" });

    const ctx = rt.systemCtx("test");
    expect(await resolvePersonId(ctx, "CLI-1")).toBe(p.id);
    expect(await resolvePersonId(ctx, "nobody")).toBeNull();
    const { lines } = await personReport(ctx, p.id);
    const text = lines.join("\n");
    expect(text).toContain("Горинов Алексей Александрович");
    expect(text).toMatch(/Recognition \(PACE Res\. 1900 \(2012\)\): recognised — by coordinator-[0-9a-f]+@example\.org/);
    expect(text).toContain("(a) met: Words against the war.");
    expect(text).toContain("Release date (as of 2026-11-24): 2029-02-09");
    expect(text).toContain("case 12201450001000123: 7 y, general-regime colony, CC art. 207.3 part 2 → release 2029-02-09");
    expect(text).toContain("SIZO 2022-04-26..2022-09-18 (146 days) × 1.5 [general-regime colony] = 219 days credit (art. 72 part 3.1(b)).");
    expect(text).toContain("release on the preceding working day 2029-02-09 (PEC art. 173 part 2)");
    expect(text).toMatch(/Priority \d+ \(weights v1\)/);
    expect(text).toContain("Minor children and dependants: 2 minor child(ren)");
  });

  it("prints the chain of court decisions of a case", async () => {
    const p = await makePerson(rt, { externalId: "CLI-2" });
    await makeCase(rt, p.id, {
      caseNumber: "1-777/2022",
      verdictOn: "2022-07-08",
      custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-26", toDate: null }],
      changes: [
        { date: "2022-09-20", stage: "appeal", outcome: "upheld" },
        { date: "2023-03-01", stage: "cassation", term: { years: 6, months: 0, days: 0 } },
        { date: "2026-06-01", stage: "supervisory", term: { years: 3, months: 0, days: 0 }, pending: true },
      ],
    });
    const text = (await personReport(rt.systemCtx("test"), p.id, { asOf: "2026-01-01" })).lines.join("\n");
    expect(text).toContain("    decisions:");
    expect(text).toContain("      2022-07-08 first instance: Verdict 2022-07-08: 7 y, general-regime colony");
    expect(text).toContain("      2022-09-20 appeal: Changed on appeal 2022-09-20: upheld.");
    expect(text).toContain("      2023-03-01 cassation: Changed on cassation 2023-03-01: term 7 y → 6 y.");
    expect(text).toContain("      2026-06-01 supervisory [not in force, not applied]");
    expect(text).toContain("→ release 2028-03-20");
  });
});
