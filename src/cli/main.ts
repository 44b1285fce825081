import { Command } from "commander";
import { registerAppealsCommands } from "./commands/appeals.js";
import { registerListsCommands } from "./commands/lists.js";
import { registerMergeCommands } from "./commands/merge.js";
import { registerNamesCommands } from "./commands/names.js";
import { registerOfficialsCommands } from "./commands/officials.js";
import { registerReconcileCommands } from "./commands/reconcile.js";
import { registerPeopleCommands } from "./commands/people.js";
import { registerPersonCommands } from "./commands/person.js";
import { registerSecurityCommands } from "./commands/security.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerTelegramCommands } from "./commands/telegram.js";
import { registerTokenCommands } from "./commands/tokens.js";
import { describeError } from "./shared.js";

export function buildProgram(): Command {
  const program = new Command()
    .name("allforall")
    .description("Registry, appeals, name matching and exchange lists for organisations freeing political prisoners and civilians held by Russia")
    .option("--data <dir>", "PGlite data folder (default: ALLFORALL_DATA or ./data)")
    .option("--database-url <url>", "PostgreSQL server instead of PGlite (default: DATABASE_URL)")
    .showHelpAfterError();
  registerServeCommand(program);
  registerSecurityCommands(program);
  registerTokenCommands(program);
  registerPeopleCommands(program);
  registerPersonCommands(program);
  registerMergeCommands(program);
  registerNamesCommands(program);
  registerReconcileCommands(program);
  registerListsCommands(program);
  registerAppealsCommands(program);
  registerTelegramCommands(program);
  registerOfficialsCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.stderr.write(`allforall: ${describeError(e)}\n`);
    process.exit(1);
  }
}
