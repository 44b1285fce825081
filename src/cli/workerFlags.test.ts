import { describe, expect, it } from "vitest";
import { SEMI_SPACE_MB, workerExecArgv } from "./workerFlags.js";

describe("cluster workers' Node flags", () => {
  it("give workers a larger young generation, keeping the primary's flags", () => {
    expect(workerExecArgv(["--enable-source-maps"], "")).toEqual(["--enable-source-maps", `--max-semi-space-size=${SEMI_SPACE_MB}`]);
  });
  it("leave a semi-space size named by the operator alone, on the command line or in NODE_OPTIONS", () => {
    expect(workerExecArgv(["--max-semi-space-size=32"], "")).toEqual(["--max-semi-space-size=32"]);
    expect(workerExecArgv(["--max_semi_space_size", "8"], "")).toEqual(["--max_semi_space_size", "8"]);
    expect(workerExecArgv([], "--trace-gc --max-semi-space-size=16")).toEqual([]);
  });
});
