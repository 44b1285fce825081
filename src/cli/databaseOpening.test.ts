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

describe("what the server says when a worker ends before the database is open", () => {
  it("points to the worker's error when it exited with one, and says a signal ended it when one did", async () => {
    const { workerEndedBeforeOpening } = await import("./workers.js");
    expect(workerEndedBeforeOpening(41, "exit code 1")).toMatch(/worker 41 ended \(exit code 1\) .*; its error is above\n$/);
    const killed = workerEndedBeforeOpening(42, "SIGKILL");
    expect(killed).toMatch(/worker 42 ended \(SIGKILL\)/);
    expect(killed).toContain("wrote no error");
    expect(killed).not.toContain("above");
  });
});
