import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, COMMAND_MODULES, commandNameOf } from "./main.js";

describe("the CLI's commands, imported by the command run", () => {
  it("lists for each module exactly the top-level commands it registers", async () => {
    for (const m of COMMAND_MODULES) {
      const program = new Command();
      (await m.load())(program);
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...m.names].sort());
    }
    const all = COMMAND_MODULES.flatMap((m) => m.names);
    expect(new Set(all).size).toBe(all.length);
  });

  it("finds the command after the global options, and registers only its module", async () => {
    expect(commandNameOf(["node", "allforall", "--data", "/srv/данные", "serve", "--port", "8080"])).toBe("serve");
    expect(commandNameOf(["node", "allforall", "--database-url", "postgres://h/db", "--data=x", "import", "people", "список.csv"])).toBe("import");
    expect(commandNameOf(["node", "allforall", "--help"])).toBeUndefined();
    const serve = await buildProgram(["node", "allforall", "--data", "d", "serve"]);
    expect(serve.commands.map((c) => c.name())).toEqual(["serve"]);
    // No command, or one no module has (help, a typo): every command, so that help and suggestions list them all.
    for (const argv of [["node", "allforall"], ["node", "allforall", "help"], ["node", "allforall", "serv"]])
      expect((await buildProgram(argv)).commands.map((c) => c.name())).toEqual(COMMAND_MODULES.flatMap((m) => m.names));
  });
});
