import { describe, expect, it } from "vitest";
import { OpeningGate } from "./databaseOpening.js";

describe("who opens the database first among one host's workers", () => {
  it("lets the first worker to ask migrate, and the others open only once it has", () => {
    const told: string[] = [];
    const gate = new OpeningGate<string>((w, how) => (told.push(`${w}:${how}`), true));
    gate.ask("a");
    gate.ask("b");
    expect(told).toEqual(["a:migrate"]);
    // Only the migrating worker's word counts.
    gate.migrated("b");
    expect(gate.opened).toBe(false);
    gate.migrated("a");
    expect(gate.opened).toBe(true);
    expect(told).toEqual(["a:migrate", "b:open"]);
    // A later worker (a replacement, or the next in turn to build) opens at once, without migrating.
    gate.ask("c");
    expect(told.at(-1)).toBe("c:open");
  });

  it("passes the migration on when the first to ask was gone before it was told", () => {
    const told: string[] = [];
    const gate = new OpeningGate<string>((w, how) => (w === "a" ? false : (told.push(`${w}:${how}`), true)));
    gate.ask("a");
    gate.ask("b");
    expect(told).toEqual(["b:migrate"]);
  });
});
