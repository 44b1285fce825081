import type { Command } from "commander";
import type { AppConfig } from "../config.js";
import { openRuntime, type Runtime } from "../app/runtime.js";
import pino from "pino";
import { safeErrorMessage, safeLogger } from "../app/safeErrors.js";
import { auditHeadPath, checkpointAuditHead } from "../services/auditHead.js";
import { runAppealIntake } from "../services/appeals/hold.js";
import { configFrom } from "./basics.js";

export { configFrom, describeError, fail } from "./basics.js";

/** Open the runtime for a command, run it, close, and turn service errors into clear messages. */
export async function withRuntime<T>(cmd: Command, fn: (rt: Runtime, config: AppConfig) => Promise<T>, opts: { asOwner?: boolean } = {}): Promise<T> {
  const config = configFrom(cmd);
  // `restore` truncates and reloads tables: only their owner may (DATABASE_OWNER_URL, when the server has its own role).
  if (opts.asOwner && config.databaseOwnerUrl) config.databaseUrl = config.databaseOwnerUrl;
  const rt = await openRuntime(config, { log: safeLogger(process.env.LOG_LEVEL ?? "warn", pino.destination(2)) });
  try {
    const result = await fn(rt, config);
    // Appeals held from an hour that is over are committed by whichever process comes first (hold.ts).
    await runAppealIntake(rt.systemCtx("appeal intake")).catch((e: unknown) => process.stderr.write(`allforall: held appeals not committed: ${safeErrorMessage(e)}\n`));
    // Every command that may have written moves the signed audit head forward (never past a cut: it then warns).
    const problem = await checkpointAuditHead(rt.database.db, rt.cipher, auditHeadPath(config)).catch((e: unknown) => safeErrorMessage(e));
    if (problem) process.stderr.write(`allforall: audit head not updated: ${problem}\n`);
    return result;
  } finally {
    await rt.close();
  }
}
