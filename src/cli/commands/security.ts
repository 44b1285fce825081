import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { auditHeadPath, compareWithAuditHead, readAuditHead } from "../../services/auditHead.js";
import { passphraseProblem } from "../../security/passwords.js";
import type { Command } from "commander";
import { roles, type Role } from "../../domain/vocabulary/enums.js";
import { createUser, inviteUser } from "../../services/accounts.js";
import { auditEntryHash, verifyAuditChain } from "../../services/audit.js";
import { createBackup, restoreBackup } from "../../services/backup.js";
import { eraseAppeal, erasePerson } from "../../services/erasure.js";
import { rotateFieldKeys } from "../../services/keyRotation.js";
import { configFrom, fail, withRuntime } from "../shared.js";
import { backupPersonKeyFile, restorePersonKeyFile } from "../../security/personKeys.js";
import { backupPersonKeyDatabase, restorePersonKeyDatabase } from "../../security/personKeyDatabase.js";

// Operator commands on the server's own machine: they run as the system actor, which holds the key anyway.

/** A secret from a file (first line) or an environment variable — never from the command line, which `ps` shows. */
function secretFrom(file: string | undefined, envName: string): string | undefined {
  if (file) return readFileSync(file, "utf8").split("\n")[0]!.trim();
  return process.env[envName] || undefined;
}

function parseRole(role: string): Role {
  if (!(roles as readonly string[]).includes(role)) fail(`--role must be one of ${roles.join(", ")}`);
  return role as Role;
}

export function registerSecurityCommands(program: Command): void {
  const keys = program.command("keys").description("the field key and the per-person data keys");
  keys
    .command("rotate")
    .description("add a new field key, re-seal every encrypted column under it, then retire the old keys (restart the server afterwards)")
    .option("--keep-old", "keep the old keys in the key file after re-sealing")
    .option("--batch-size <n>", "values per transaction", "500")
    .action(async (opts: { keepOld?: boolean; batchSize: string }, cmd: Command) => {
      if (process.env.ALLFORALL_KEY) fail("rotation rewrites the key file; ALLFORALL_KEY is set: move the key into a key file (ALLFORALL_KEY_FILE) first");
      const r = await withRuntime(cmd, (rt, config) => {
        if (!existsSync(config.keyFile)) fail(`no key file at ${config.keyFile}`);
        return rotateFieldKeys(rt.systemCtx("cli keys rotate"), { keyFile: config.keyFile, keepOldKeys: !!opts.keepOld, batchSize: Number(opts.batchSize), personKeys: rt.personKeys });
      });
      for (const c of r.report) process.stdout.write(`${c.column}: ${c.resealed} re-sealed\n`);
      process.stdout.write(`person data keys: ${r.personKeysRewrapped} wrapped under the new key\n`);
      process.stdout.write(`new key ${r.newKeyId}; ${r.keptOldKeys ? "old keys kept" : `retired ${r.retiredKeyIds.join(", ") || "none"}`}. Restart the server. Backups sealed with the field key need the old key: keep a copy apart.\n`);
    });

  keys
    .command("backup")
    .argument("<file>", "where to write the copy (mode 0600); keep it apart from data backups")
    .description("copy the per-person data key store (keys stay wrapped by the field key); works while the server runs")
    .action((file: string, _opts: unknown, cmd: Command) => {
      const config = configFrom(cmd);
      try {
        const n = config.keystoreUrl ? backupPersonKeyDatabase(config.keystoreUrl, file) : backupPersonKeyFile(config.personKeyFile, file);
        process.stdout.write(`${n} person keys copied to ${file}. An older copy brings back the keys of people erased since: keep only the newest.\n`);
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
    });
  keys
    .command("restore")
    .argument("<file>", "a copy written by keys backup")
    .option("--force", "replace an existing key store")
    .description("put a person key store backup in place (stop the server first)")
    .action((file: string, opts: { force?: boolean }, cmd: Command) => {
      const config = configFrom(cmd);
      try {
        const n = config.keystoreUrl ? restorePersonKeyDatabase(file, config.keystoreUrl, !!opts.force) : restorePersonKeyFile(file, config.personKeyFile, !!opts.force);
        process.stdout.write(`${n} person keys restored to ${config.keystoreUrl ? "the key store database (KEYSTORE_URL)" : config.personKeyFile}\n`);
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
    });

  const audit = program.command("audit").description("the append-only audit log");
  audit
    .command("verify")
    .description("check the hash chain: exit 1 listing every edited or missing entry")
    .option("--expect-head <seq:hash>", "a head printed by an earlier run: that entry must still exist with that hash (detects a cut-off tail)")
    .action(async (opts: { expectHead?: string }, cmd: Command) => {
      const r = await withRuntime(cmd, async (rt, config) => {
        const v = await verifyAuditChain(rt.database.db);
        // By default against the signed head checkpointed beside the data: catches a cut tail, even a truncated log.
        const headPath = auditHeadPath(config);
        const recorded = readAuditHead(headPath, rt.cipher);
        if (recorded.problem) v.problems.push(recorded.problem);
        if (recorded.head) v.problems.push(...(await compareWithAuditHead(rt.database.db, recorded.head)));
        else if (!recorded.problem) process.stderr.write(`${recorded.warning ?? `no audit head file at ${headPath} yet`}: only the chain itself was checked\n`);
        v.ok = v.problems.length === 0;
        if (opts.expectHead) {
          const [seq, hash] = opts.expectHead.split(":");
          const recordedHash = await auditEntryHash(rt.database.db, Number(seq));
          if (recordedHash !== hash) v.problems.push(`entry ${seq}: ${recordedHash ? "hash differs from" : "missing, but was"} the recorded head (entries were removed or rewritten)`);
          v.ok = v.problems.length === 0;
        }
        return v;
      });
      if (!r.ok) {
        for (const p of r.problems) process.stderr.write(`${p}\n`);
        process.stderr.write(`audit log BROKEN: ${r.problems.length} problem(s) in ${r.checked} entries\n`);
        process.exitCode = 1;
        return;
      }
      // The head hash, recorded elsewhere (a ticket, a signed note), lets a later run detect a cut-off tail too.
      process.stdout.write(`audit log intact: ${r.checked} entries${r.head ? `; head ${r.head.seq}:${r.head.hash}` : ""}\n`);
    });

  program
    .command("backup <file>")
    .description("write an encrypted, consistent backup (field key by default, or a passphrase)")
    .option("--passphrase-file <path>", "seal with this passphrase instead (or ALLFORALL_BACKUP_PASSPHRASE)")
    .action(async (file: string, opts: { passphraseFile?: string }, cmd: Command) => {
      const passphrase = secretFrom(opts.passphraseFile, "ALLFORALL_BACKUP_PASSPHRASE");
      const weak = passphrase !== undefined ? passphraseProblem(passphrase) : null;
      if (weak) fail(weak);
      const data = await withRuntime(cmd, (rt) => createBackup(rt.systemCtx("cli backup"), { passphrase }));
      // Written beside, then renamed: an interrupted run never leaves a half file under the final name.
      writeFileSync(`${file}.partial`, data, { mode: 0o600 });
      renameSync(`${file}.partial`, file);
      process.stdout.write(`backup written to ${file} (${data.length} bytes, ${passphrase ? "passphrase" : "field key"})\n`);
    });

  program
    .command("restore <file>")
    .description("restore a backup into an empty database (--force replaces everything)")
    .option("--passphrase-file <path>", "passphrase the backup was sealed with (or ALLFORALL_BACKUP_PASSPHRASE)")
    .option("--force", "replace a database that is not empty")
    .action(async (file: string, opts: { passphraseFile?: string; force?: boolean }, cmd: Command) => {
      if (!existsSync(file)) fail(`${file}: no such file`);
      const passphrase = secretFrom(opts.passphraseFile, "ALLFORALL_BACKUP_PASSPHRASE");
      const tables = await withRuntime(cmd, async (rt, config) => {
        const restored = await restoreBackup(rt.systemCtx("cli restore"), readFileSync(file), { passphrase, force: !!opts.force });
        // A restored log is a different chain: its head starts the checkpoint afresh.
        rmSync(auditHeadPath(config), { force: true });
        return restored;
      }, { asOwner: true });
      const total = Object.values(tables).reduce((a, b) => a + b, 0);
      process.stdout.write(`restored ${total} rows in ${Object.keys(tables).length} tables\n`);
    });

  const erase = program.command("erase").description("erase personal data on request (the audit log keeps only the fact)");
  erase
    .command("person <id>")
    .requiredOption("--reason <text>", "the request this answers (names are removed from it)")
    .action(async (id: string, opts: { reason: string }, cmd: Command) => {
      const r = await withRuntime(cmd, (rt) => erasePerson(rt.systemCtx("cli erase"), id, opts.reason));
      process.stdout.write(`person ${id} erased (${r.appeals} appeals deleted, ${r.listRows} list rows anonymised, ${r.lists} lists cleaned)\n`);
    });
  erase
    .command("appeal <id>")
    .requiredOption("--reason <text>", "the request this answers")
    .action(async (id: string, opts: { reason: string }, cmd: Command) => {
      await withRuntime(cmd, (rt) => eraseAppeal(rt.systemCtx("cli erase"), id, opts.reason));
      process.stdout.write(`appeal ${id} erased\n`);
    });

  const users = program.command("users").description("staff accounts");
  users
    .command("add")
    .description("create an account directly (password from --password-file or ALLFORALL_PASSWORD)")
    .requiredOption("--email <email>")
    .requiredOption("--role <role>", roles.join("|"))
    .option("--name <name>", "display name")
    .option("--password-file <path>")
    .action(async (opts: { email: string; role: string; name?: string; passwordFile?: string }, cmd: Command) => {
      const password = secretFrom(opts.passwordFile, "ALLFORALL_PASSWORD");
      if (!password) fail("give the password in --password-file or ALLFORALL_PASSWORD");
      const role = parseRole(opts.role);
      const u = await withRuntime(cmd, (rt) => createUser(rt.systemCtx("cli users add"), { email: opts.email, role, password, ...(opts.name ? { displayName: opts.name } : {}) }));
      process.stdout.write(`account ${u.email} (${u.role}) created${role === "admin" || role === "coordinator" ? "; a TOTP second factor is enrolled at first sign-in" : ""}\n`);
    });
  users
    .command("invite")
    .description("print a one-time invitation link (7 days)")
    .requiredOption("--email <email>")
    .requiredOption("--role <role>", roles.join("|"))
    .action(async (opts: { email: string; role: string }, cmd: Command) => {
      const role = parseRole(opts.role);
      const token = await withRuntime(cmd, (rt) => inviteUser(rt.systemCtx("cli users invite"), { email: opts.email, role }));
      process.stdout.write(`invitation for ${opts.email} (${role}): ${process.env.PUBLIC_BASE_URL ?? "http://localhost:8080"}/app/invite#${token}\n`);
    });
}
