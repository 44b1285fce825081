// What every command reads (its configuration) and how it fails, apart from shared.ts: the primary of
// `serve --workers N` needs only these before it starts its workers, and importing shared.ts (the runtime's graph,
// ~0.3 s of CPU) delayed its first fork by as much (docs/architecture.md, "Start-up").
import type { Command } from "commander";
import { loadConfig, type AppConfig } from "../config.js";
import { ServiceError } from "../services/errors.js";
import { safeErrorMessage } from "../app/safeErrors.js";

export function configFrom(cmd: Command): AppConfig {
  const opts = cmd.optsWithGlobals() as { data?: string; databaseUrl?: string };
  return loadConfig(process.env, {
    ...(opts.data ? { dataDir: opts.data } : {}),
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  });
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
