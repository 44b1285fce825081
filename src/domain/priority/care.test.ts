import { describe, expect, it } from "vitest";
import { computePriority, type PriorityFacts } from "./compute.js";
import { DEFAULT_PRIORITY_WEIGHTS as W, nextPriorityWeights, type PriorityWeights } from "./weights.js";

const asOf = "2026-11-24";
const part = (r: ReturnType<typeof computePriority>, key: string) => r.parts.find((p) => p.key === key)!;

describe("time left never counts against the gravely ill", () => {
  // A dying 73-year-old (lung cancer, critical) released in 100 days, and a healthy 40-year-old with 15 years.
  const dying: PriorityFacts = { asOf, birthDate: "1953-05-01", health: { severity: "critical", icd10: ["c34,1"] }, releaseDate: "2027-03-04" };
  const healthy: PriorityFacts = { asOf, birthDate: "1986-05-01", releaseDate: "2041-11-24" };

  it("gives the gravely ill the highest points of the time-left part, and says why", () => {
    const d = computePriority(dying, W);
    const h = computePriority(healthy, W);
    // Without the rule: 100 days → band ≥ 0 y → 0 points against the healthy person's 20.
    expect(part(d, "remaining_time").points).toBe(25);
    expect(part(d, "remaining_time").code).toBe("priority.remaining.gravelyIll");
    expect(part(d, "remaining_time").points).toBeGreaterThanOrEqual(part(h, "remaining_time").points);
    expect(d.total).toBeGreaterThan(h.total);
  });

  it("a listed illness or the 'prevents serving' flag is enough; mild illness is not", () => {
    expect(part(computePriority({ ...healthy, releaseDate: "2027-01-01", health: { severity: "mild", preventsServing: true } }, W), "remaining_time").points).toBe(25);
    expect(part(computePriority({ ...healthy, releaseDate: "2027-01-01", health: { severity: "mild" } }, W), "remaining_time").points).toBe(0);
  });

  it("normalises ICD-10 as typed: lower case, a decimal comma, a Cyrillic С", () => {
    for (const code of ["c34,1", "С34.1", "с34,1"]) expect(part(computePriority({ asOf, health: { severity: "none", icd10: [code] } }, W), "health_decree54").points).toBe(25);
  });
});

describe("caring for others (after CC art. 82) and the sole carer", () => {
  it("pregnancy, children under 14 and being the sole carer add up to the cap", () => {
    expect(part(computePriority({ asOf, pregnant: true }, W), "care").points).toBe(30);
    expect(part(computePriority({ asOf, childrenUnder14: 2 }, W), "care").points).toBe(20);
    const all = part(computePriority({ asOf, pregnant: true, childrenUnder14: 1, soleCarer: true }, W), "care");
    // 30 + 20 + 15 = 65, capped at 40.
    expect(all.points).toBe(40);
    expect(all.code).toBe("priority.care.capped");
    expect(part(computePriority({ asOf }, W), "care").points).toBe(0);
  });

  it("weights stored before the care part give it 0 points and name their version", () => {
    const { care: _c, ...old } = W;
    const v3 = { ...old, version: 3 } as PriorityWeights;
    const p = part(computePriority({ asOf, pregnant: true }, v3), "care");
    expect(p.points).toBe(0);
    expect(p.params).toEqual({ version: 3 });
  });
});

describe("factors added by an admin, without code", () => {
  const labels = { en: "Stateless", ru: "Лицо без гражданства", uk: "Особа без громадянства" };

  it("a new version with a factor scores it, with its label in three languages", () => {
    const v2 = nextPriorityWeights(W, { ...W, factors: [{ key: "stateless", labels, points: 12 }] });
    expect(v2.version).toBe(2);
    const r = computePriority({ asOf, factors: ["stateless"] }, v2);
    expect(part(r, "factor.stateless")).toMatchObject({ points: 12, labels, label: "Stateless" });
    expect(part(computePriority({ asOf }, v2), "factor.stateless").points).toBe(0);
    // The earlier version knows nothing of it.
    expect(computePriority({ asOf, factors: ["stateless"] }, W).parts.some((p) => p.key === "factor.stateless")).toBe(false);
  });

  it("refuses a factor without all three labels, a bad key, or a key given twice", () => {
    expect(() => nextPriorityWeights(W, { ...W, factors: [{ key: "stateless", labels: { en: "Stateless", ru: "", uk: "x" }, points: 1 }] })).toThrow();
    expect(() => nextPriorityWeights(W, { ...W, factors: [{ key: "Stateless!", labels, points: 1 }] })).toThrow();
    expect(() => nextPriorityWeights(W, { ...W, factors: [{ key: "a1", labels, points: 1 }, { key: "a1", labels, points: 2 }] })).toThrow(/once/);
  });
});
