import { describe, expect, it } from "vitest";
import { ageOn, computePriority, describePriority, type PriorityFacts } from "./compute.js";
import { matchDecree54, normaliseIcd10 } from "./icd10.js";
import { DEFAULT_PRIORITY_WEIGHTS as W, nextPriorityWeights, parsePriorityWeights, PriorityWeightsSchema } from "./weights.js";

const base: PriorityFacts = { asOf: "2026-11-24" };

function part(facts: Partial<PriorityFacts>, key: string) {
  const r = computePriority({ ...base, ...facts }, W);
  const p = r.parts.find((x) => x.key === key);
  if (!p) throw new Error(`no part ${key}`);
  return p;
}

describe("ICD-10 and the Decree No. 54 list", () => {
  it.each([
    ["c34.1", "C34.1"],
    [" A15 ", "A15"],
    ["С34", "C34"], // Cyrillic С
    ["I50,0", "I50.0"],
    ["34.1", null],
    ["cancer", null],
  ])("normalise %j → %j", (raw, norm) => expect(normaliseIcd10(raw)).toBe(norm));

  it.each([
    ["C34.1", "cancer"],
    ["A16.2", "tb"],
    ["B20", "hiv"],
    ["I50.0", "heart"],
    ["N18.5", "kidney"],
    ["H54.0", "blindness"],
    ["K74.6", "liver"],
    ["G35", "neuro-degenerative"],
  ])("%s is of a kind on the list (%s)", (code, id) => {
    expect(matchDecree54(code).map((e) => e.id)).toContain(id);
  });

  it.each(["J06.9", "H54.4", "I49", "Z00", "D50"])("%s is not on the list", (code) => {
    expect(matchDecree54(code)).toEqual([]);
  });
});

describe("priority parts", () => {
  it.each([
    [{}, 0, "no health information"],
    [{ health: { severity: "moderate" as const } }, 15, "moderate"],
    [{ health: { severity: "critical" as const } }, 45, "critical"],
  ])("health severity %j → %i", (facts, points, why) => {
    const p = part(facts, "health_severity");
    expect(p.points).toBe(points);
    expect(p.why).toContain(why);
  });

  it("a listed illness adds points and says a commission decides", () => {
    const p = part({ health: { severity: "severe", icd10: ["J06.9", "C34.1", "xx"] } }, "health_decree54");
    expect(p.points).toBe(25);
    expect(p.why).toContain("C34.1: Malignant neoplasms");
    expect(p.why).toContain("medical commission");
    expect(p.why).toContain("not ICD-10 codes: xx");
    expect(part({ health: { severity: "mild", icd10: ["J06.9"] } }, "health_decree54").points).toBe(0);
    const flagged = part({ health: { severity: "severe", preventsServing: true } }, "health_decree54");
    expect(flagged.points).toBe(25);
    expect(flagged.why).toContain("recorded as an illness preventing serving");
  });

  it.each([
    ["1955-01-01", 20, "70 or older"],
    ["1960-11-25", 10, "65 or older"], // turns 66 tomorrow: 65
    ["1961-11-25", 0, "64"], // 64, birthday tomorrow
    ["2005-01-01", 5, "young"],
    ["2009-06-01", 25, "minor"],
  ])("born %s → %i (%s)", (birthDate, points, why) => {
    const p = part({ birthDate }, "age");
    expect(p.points).toBe(points);
    expect(p.why).toContain(why);
  });

  it("ageOn counts full years across leap days", () => {
    expect(ageOn("2004-02-29", "2022-02-28")).toBe(17);
    expect(ageOn("2004-02-29", "2022-03-01")).toBe(18);
  });

  it.each([
    [null, 10, "unknown"],
    ["life" as const, 25, "life"],
    ["2037-01-01", 20, "≥ 10 y"],
    ["2032-01-01", 15, "≥ 5 y"],
    ["2029-01-01", 10, "≥ 2 y"],
    ["2027-12-31", 5, "≥ 1 y"],
    ["2027-03-01", 0, "≥ 0 y"],
    ["2025-03-01", 0, "has passed"],
  ])("release %j → %i (%s)", (releaseDate, points, why) => {
    const p = part({ releaseDate }, "remaining_time");
    expect(p.points).toBe(points);
    expect(p.why).toContain(why);
  });

  it("dependants are capped", () => {
    expect(part({ minorChildren: 2 }, "dependants").points).toBe(10);
    expect(part({ minorChildren: 2, otherDependants: 1 }, "dependants").points).toBe(13);
    const capped = part({ minorChildren: 4 }, "dependants");
    expect(capped.points).toBe(15);
    expect(capped.why).toContain("capped at 15");
  });

  it("conditions: unverified reports count half, each kind once, total capped", () => {
    expect(part({ conditions: [{ kind: "torture", verified: true }] }, "conditions").points).toBe(25);
    expect(part({ conditions: [{ kind: "torture" }] }, "conditions").points).toBe(12.5);
    expect(
      part({ conditions: [{ kind: "punishment_cell" }, { kind: "punishment_cell", verified: true }] }, "conditions").points,
    ).toBe(10);
    const all = part(
      {
        conditions: [
          { kind: "torture", verified: true },
          { kind: "denied_medical_care", verified: true },
          { kind: "punishment_cell", verified: true },
        ],
      },
      "conditions",
    );
    expect(all.points).toBe(40);
    expect(all.why).toContain("capped at 40");
  });

  it.each([
    ["low" as const, 10],
    ["high" as const, 0],
    [undefined, 5],
  ])("public profile %s → %i", (publicProfile, points) => {
    expect(part(publicProfile ? { publicProfile } : {}, "public_profile").points).toBe(points);
  });

  it("total is the sum of the parts, every part shown with its reason", () => {
    const r = computePriority(
      {
        asOf: "2026-11-24",
        birthDate: "1954-05-01",
        health: { severity: "severe", icd10: ["I50.0"] },
        releaseDate: "2031-06-01",
        minorChildren: 1,
        conditions: [{ kind: "punishment_cell", verified: true }],
        publicProfile: "low",
      },
      W,
    );
    expect(r.parts.map((p) => p.key)).toEqual([
      "health_severity",
      "health_decree54",
      "age",
      "remaining_time",
      "dependants",
      "care",
      "conditions",
      "public_profile",
    ]);
    // Time left: 4.5 years would be 10, but severe illness on the list gets the part's highest, 25 (life).
    expect(r.total).toBe(30 + 25 + 20 + 25 + 5 + 0 + 10 + 10);
    expect(r.weightsVersion).toBe(1);
    expect(describePriority(r)[0]).toBe("Priority 125 (weights v1)");
  });
});

describe("weights config", () => {
  it("defaults are valid, version 1, and frozen", () => {
    expect(parsePriorityWeights(W).version).toBe(1);
    expect(Object.isFrozen(W.health.severity)).toBe(true);
  });

  it("editing produces the next version and validates", () => {
    const edited = { ...structuredClone(W), health: { ...structuredClone(W.health), decree54Listed: 40 } };
    const v2 = nextPriorityWeights(W, edited);
    expect(v2.version).toBe(2);
    expect(computePriority({ asOf: "2026-11-24", health: { severity: "none", icd10: ["C50"] } }, v2).parts[1]?.points).toBe(40);
  });

  it.each([
    ["negative points", (w: any) => (w.health.severity.mild = -1)],
    ["bands not decreasing", (w: any) => (w.remaining.bands = [{ minYears: 0, points: 1 }, { minYears: 5, points: 2 }])],
    ["last band not at 0", (w: any) => (w.remaining.bands = [{ minYears: 5, points: 2 }])],
    ["unknown key", (w: any) => (w.extra = 1)],
    ["factor above 1", (w: any) => (w.conditions.unverifiedFactor = 2)],
  ])("rejects %s", (_name, mutate) => {
    const w = structuredClone(W) as unknown as Record<string, unknown>;
    mutate(w);
    expect(PriorityWeightsSchema.safeParse(w).success).toBe(false);
  });
});
