import type { Command } from "commander";
import { apiTokenRoles, apiTokenScopes } from "../../domain/vocabulary/apiTokens.js";
import { asTokenCreator, createApiToken, listApiTokens, revokeApiToken } from "../../services/apiTokens.js";
import { withRuntime } from "../shared.js";

// API tokens from the command line (the staff app's Accounts screen does the same): docs/security.md "API tokens".

export function registerTokenCommands(program: Command): void {
  const tokens = program.command("tokens").description("API tokens for scripts, partners, benchmarks and /metrics");
  tokens
    .command("create")
    .description("create a token acting for an admin; prints the token (shown this once) on stdout")
    .requiredOption("--by <email>", "the admin the token acts for (audit names them; it dies with their account)")
    .requiredOption("--name <name>", "what it is for")
    .requiredOption("--scope <scope...>", apiTokenScopes.join("|"))
    .option("--role <role>", `the role it acts as: ${apiTokenRoles.join("|")}`, "volunteer")
    .option("--expires <YYYY-MM-DD>", "valid through this day (UTC); default: until revoked")
    .option("--per-minute <n>", "requests per minute per server process", "600")
    .action(async (opts: { by: string; name: string; scope: string[]; role: string; expires?: string; perMinute: string }, cmd: Command) => {
      const made = await withRuntime(cmd, async (rt) =>
        createApiToken(await asTokenCreator(rt.systemCtx("cli tokens create"), opts.by), {
          name: opts.name,
          scopes: opts.scope as never,
          role: opts.role as never,
          expiresOn: opts.expires ?? null,
          perMinute: Number(opts.perMinute),
        }),
      );
      process.stderr.write(`token ${made.id} "${made.name}" (${made.scopes.join(", ")}; as ${made.role}${made.expiresAt ? `; until ${made.expiresAt}` : ""}) — shown this once:\n`);
      process.stdout.write(`${made.token}\n`);
    });
  tokens
    .command("list")
    .description("the organisation's tokens (never the token itself)")
    .action(async (_opts: unknown, cmd: Command) => {
      const items = await withRuntime(cmd, (rt) => listApiTokens(rt.systemCtx("cli tokens list")));
      for (const t of items)
        process.stdout.write(`${t.id}  ${t.state.padEnd(7)}  ${t.name}  [${t.scopes.join(", ")}] as ${t.role}, by ${t.createdBy}, last used ${t.lastUsedHour ?? "never"}${t.expiresAt ? `, until ${t.expiresAt}` : ""}\n`);
    });
  tokens
    .command("revoke <id>")
    .description("revoke a token: refused from the next request on")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withRuntime(cmd, (rt) => revokeApiToken(rt.systemCtx("cli tokens revoke"), id));
      process.stdout.write(`token ${id} revoked\n`);
    });
}
