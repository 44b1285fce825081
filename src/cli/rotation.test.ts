import { describe, expect, it } from "vitest";
import { Rotation } from "./rotation.js";

describe("the shared port's rotation among one host's workers", () => {
  it("lets the first worker answer at once and the others once their index is ready", () => {
    const told: string[] = [];
    const r = new Rotation<string>((w, now) => (told.push(`${w}:${now ? "now" : "when ready"}`), true));
    r.ask("a");
    r.ask("b");
    r.ask("c");
    expect(told).toEqual(["a:now", "b:when ready", "c:when ready"]);
    // b's index is ready: it listens; a exits — b still answers, so c keeps waiting for its index.
    r.listening("b");
    r.gone("a");
    expect(told).toHaveLength(3);
    // b exits too: nobody answers, so the longest waiting worker listens now (503 while it builds, not refused connections).
    r.gone("b");
    expect(told.at(-1)).toBe("c:now");
    // A replacement asks while c answers: it waits for its index.
    r.ask("d");
    expect(told.at(-1)).toBe("d:when ready");
  });

  it("passes over a worker gone before it was told, and lets a worker that answers exit before it ever listened", () => {
    const gone = new Set(["b"]);
    const told: string[] = [];
    const r = new Rotation<string>((w, now) => (gone.has(w) ? false : (told.push(`${w}:${now ? "now" : "when ready"}`), true)));
    r.ask("a");
    r.ask("b");
    r.ask("c");
    expect(told).toEqual(["a:now", "c:when ready"]);
    r.gone("a"); // told to listen, exited before listening
    expect(told.at(-1)).toBe("c:now");
  });
});
