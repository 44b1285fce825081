import { Command } from "commander";
import { describeError } from "./basics.js";

type Register = (program: Command) => void;

/**
 * Each module of commands with the top-level commands it registers. A run imports only the module of the command it
 * names (every module when it names none: help, a mistyped command): importing them all cost `serve` ~0.45 s of CPU
 * before it could open the database, for code it never runs (docs/architecture.md, "Start-up"). main.test.ts checks
 * these names against what each module registers.
 */
export const COMMAND_MODULES: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ["serve"], load: async () => (await import("./commands/serve.js")).registerServeCommand },
  { names: ["keys", "audit", "backup", "restore", "erase", "users"], load: async () => (await import("./commands/security.js")).registerSecurityCommands },
  { names: ["tokens"], load: async () => (await import("./commands/tokens.js")).registerTokenCommands },
  { names: ["import", "export", "demo"], load: async () => (await import("./commands/people.js")).registerPeopleCommands },
  { names: ["person"], load: async () => (await import("./commands/person.js")).registerPersonCommands },
  { names: ["people"], load: async () => (await import("./commands/merge.js")).registerMergeCommands },
  { names: ["names"], load: async () => (await import("./commands/names.js")).registerNamesCommands },
  { names: ["reconcile", "dedupe"], load: async () => (await import("./commands/reconcile.js")).registerReconcileCommands },
  { names: ["lists"], load: async () => (await import("./commands/lists.js")).registerListsCommands },
  { names: ["appeals"], load: async () => (await import("./commands/appeals.js")).registerAppealsCommands },
  { names: ["telegram"], load: async () => (await import("./commands/telegram.js")).registerTelegramCommands },
  { names: ["officials"], load: async () => (await import("./commands/officials.js")).registerOfficialsCommands },
];

/** Global options that take a value (the command's name is the first word after them). */
const VALUED = new Set(["--data", "--database-url"]);

/** The top-level command `argv` names (`node allforall [global options] <command> …`), if any. */
export function commandNameOf(argv: string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED.has(a)) i++;
    else if (!a.startsWith("-")) return a;
  }
  return undefined;
}

/** The program with the commands of `argv`'s module, or with every command (no argv, or no module's command). */
export async function buildProgram(argv?: string[]): Promise<Command> {
  const program = new Command()
    .name("allforall")
    .description("Registry, appeals, name matching and exchange lists for organisations freeing political prisoners and civilians held by Russia")
    .option("--data <dir>", "PGlite data folder (default: ALLFORALL_DATA or ./data)")
    .option("--database-url <url>", "PostgreSQL server instead of PGlite (default: DATABASE_URL)")
    .showHelpAfterError();
  const name = argv && commandNameOf(argv);
  const one = name === undefined ? undefined : COMMAND_MODULES.find((m) => m.names.includes(name));
  const registers = await Promise.all((one ? [one] : COMMAND_MODULES).map((m) => m.load()));
  for (const register of registers) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (e) {
    process.stderr.write(`allforall: ${describeError(e)}\n`);
    process.exit(1);
  }
}
