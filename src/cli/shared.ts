import type { Command } from "commander";
import { loadConfig, type AppConfig } from "../config.js";
import { openRuntime, type Runtime } from "../app/runtime.js";
import { ServiceError } from "../services/errors.js";
import pino from "pino";
import { safeErrorMessage, safeLogger } from "../app/safeErrors.js";
import { auditHeadPath, checkpointAuditHead } from "../services/auditHead.js";
import { runAppealIntake } from "../services/appeals/hold.js";

export function configFrom(cmd: Command): AppConfig {
  const opts = cmd.optsWithGlobals() as { data?: string; databaseUrl?: string };
  return loadConfig(process.env, {
    ...(opts.data ? { dataDir: opts.data } : {}),
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  });
}

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

export function fail(message: string, code = 1): never {
  process.stderr.write(`allforall: ${message}\n`);
  process.exit(code);
}

export function describeError(e: unknown): string {
  if (e instanceof ServiceError) return e.details ? `${e.message}: ${JSON.stringify(e.details)}` : e.message;
  if (e && typeof e === "object" && "issues" in e) {
    const issues = (e as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    return issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
  }
  return safeErrorMessage(e);
}
