import { describe, expect, it, vi } from "vitest";
import { buildsAtOnce, buildTurn, TurnQueue } from "./buildTurns.js";

describe("index builds in turns among one host's workers", () => {
  it("one build per two cores, at least one", () => {
    expect([1, 2, 3, 4, 8].map((c) => buildsAtOnce(c))).toEqual([1, 1, 1, 2, 4]);
  });

  it("hands turns out in the order asked; an ended build or an exit passes the turn on; a dead worker is skipped", () => {
    const given: string[] = [];
    const dead = new Set<string>();
    const q = new TurnQueue<string>(1, (w) => (dead.has(w) ? false : (given.push(w), true)));
    q.want("a");
    q.want("b");
    q.want("c");
    q.want("d");
    expect(given).toEqual(["a"]);
    q.release("a");
    expect(given).toEqual(["a", "b"]);
    // b dies while building; c died while waiting: d is next.
    dead.add("c");
    q.release("b");
    expect(given).toEqual(["a", "b", "d"]);
    // A worker that exits while waiting gives its place up; a replacement asks anew.
    q.want("e");
    q.want("f");
    q.release("e");
    q.release("d");
    expect(given).toEqual(["a", "b", "d", "f"]);
  });

  it("runs as many builds at once as allowed", () => {
    const given: number[] = [];
    const q = new TurnQueue<number>(2, (w) => (given.push(w), true));
    for (const w of [1, 2, 3]) q.want(w);
    expect(given).toEqual([1, 2]);
    q.release(2);
    expect(given).toEqual([1, 2, 3]);
  });

  it("a worker asks once, and hears its turn, whether it listens at once, and later that it must listen now", async () => {
    const sent: unknown[] = [];
    const send = process.send;
    const before = process.listeners("message");
    process.send = ((m: unknown) => (sent.push(m), true)) as typeof process.send;
    try {
      const turn = buildTurn();
      expect(sent).toEqual(["allforall: index build wanted"]);
      const heard: string[] = [];
      void turn.go.then(() => heard.push("go"));
      void turn.listenNow.then(() => heard.push("listen now"));
      process.emit("message", "allforall: listen once the index is ready", undefined);
      expect(await turn.atOnce).toBe(false);
      process.emit("message", "allforall: index build may start", undefined);
      await turn.go;
      expect(heard).toEqual(["go"]);
      // Every worker answering the port exited: this one listens now, before its index is ready.
      process.emit("message", "allforall: listen now", undefined);
      await turn.listenNow;
      expect(heard).toEqual(["go", "listen now"]);
    } finally {
      process.send = send;
      for (const l of process.listeners("message")) if (!before.includes(l)) process.off("message", l);
    }
  });
  // The primary's silence for GIVE_UP_MS (two minutes) lets a worker build and listen anyway — never 503 for ever.
  // A worker the primary told to listen once its index is ready must not listen then all the same: still waiting for
  // its turn two minutes on (builds of a large registry in turn), it joined the port with no index, answering 503.
  it("a worker gives up waiting after two minutes: it builds anyway, and listens now only if its primary never answered", async () => {
    const send = process.send;
    const before = process.listeners("message");
    process.send = (() => true) as typeof process.send;
    vi.useFakeTimers();
    try {
      const heard = (turn: ReturnType<typeof buildTurn>) => {
        const out: string[] = [];
        void turn.go.then(() => out.push("go"));
        void turn.listenNow.then(() => out.push("listen now"));
        void turn.atOnce.then((now) => out.push(now ? "at once" : "when ready"));
        return out;
      };
      const silent = heard(buildTurn());
      await vi.advanceTimersByTimeAsync(120_000);
      expect(silent.sort()).toEqual(["at once", "go", "listen now"]);
      for (const l of process.listeners("message")) if (!before.includes(l)) process.off("message", l);

      const waiting = heard(buildTurn());
      process.emit("message", "allforall: listen once the index is ready", undefined);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(waiting.sort()).toEqual(["go", "when ready"]);
    } finally {
      vi.useRealTimers();
      process.send = send;
      for (const l of process.listeners("message")) if (!before.includes(l)) process.off("message", l);
    }
  });
});
