import { describe, expect, it, vi } from "vitest";
import { nameReadings } from "./morphology.js";

// What the morphology loads on first use — the Russian dictionary (Az.js), the Ukrainian decliner (shevchenko) and
// the given names' forms built with it — is loaded again after a failed load (src/services/firstUse.ts), not kept
// failed: one transient failure (out of file descriptors) must not fail every later letter's reading until a restart.
// Each fails its first load here.
const { failOnce } = vi.hoisted(() => ({
  failOnce: (what: string) => {
    let failed = false;
    return () => {
      if (failed) return;
      failed = true;
      throw new Error(`EMFILE: too many open files (${what})`);
    };
  },
}));

vi.mock("az", async (importOriginal) => {
  const az = ((await importOriginal()) as { default: { Morph: { init: (dir: string, done: (err?: unknown) => void) => void } } }).default;
  const fail = failOnce("az");
  const init = az.Morph.init.bind(az.Morph);
  az.Morph.init = (dir, done) => {
    try {
      fail();
    } catch (e) {
      return done(e);
    }
    init(dir, done);
  };
  return { default: az };
});

vi.mock("shevchenko", async (importOriginal) => {
  const real = (await importOriginal()) as Record<string, unknown>;
  const fail = failOnce("shevchenko");
  return {
    ...real,
    get inGenitive() {
      fail();
      return real.inGenitive;
    },
  };
});

describe("name readings after a failed load", { timeout: 120_000 }, () => {
  it("load again: the dictionary, the Ukrainian decliner and the given names' forms", async () => {
    await expect(nameReadings(["Петром"], "uk")).rejects.toThrow(/\(az\)/);
    await expect(nameReadings(["Петром"], "uk")).rejects.toThrow(/\(shevchenko\)/);
    const readings = (await nameReadings(["Петром"], "uk")).get("Петром") ?? [];
    expect(readings.some((r) => r.role === "given" && r.lemma === "Петро" && r.case === "ins")).toBe(true);
  });
});
