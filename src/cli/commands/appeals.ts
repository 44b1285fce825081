/**
 * `allforall appeals import-mail FILE...`: appeals that arrived by e-mail, from .eml files or mbox archives
 * (Thunderbird, mutt, Google Takeout export). Safe to run again on the same files: Message-IDs seen before are skipped.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { importMailFile, type MailImportResult } from "../../services/appeals/index.js";
import { fetchMailbox, mailboxSettingsFromEnv } from "../../services/appeals/mailbox.js";
import { fail, withRuntime } from "../shared.js";

export function formatImport(file: string, r: MailImportResult): string {
  const lines = [
    `${file}: ${r.messages} message(s): ${r.imported} new appeal(s) (in the queue when this hour's batch is committed), ${r.duplicates} already imported, ${r.attachments} attachment(s) stored, ${r.failed.length} unreadable`,
  ];
  for (const f of r.failed) lines.push(`  message #${f.index + 1}: ${f.error}`);
  return lines.join("\n");
}

export function registerAppealsCommands(program: Command): void {
  const appeals = program.command("appeals").description("Appeals from families: mail import, mailbox fetch");

  appeals
    .command("fetch")
    .description(
      "import new messages from the appeals mailbox over IMAP with TLS (ALLFORALL_IMAP_URL=imaps://USER@HOST/INBOX, ALLFORALL_IMAP_PASSWORD or _PASSWORD_FILE); imported messages are flagged, or moved with --move-to; messages that cannot be imported stay untouched",
    )
    .option("--url <url>", "imaps://USER@HOST[:PORT][/MAILBOX] (default: ALLFORALL_IMAP_URL); imap:// means STARTTLS, which is then required")
    .option("--move-to <folder>", "move imported messages to this folder (default: ALLFORALL_IMAP_MOVE_TO; else they stay, flagged)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { url?: string; moveTo?: string; json?: boolean }, cmd: Command) => {
      let settings;
      try {
        settings = mailboxSettingsFromEnv(process.env, { url: opts.url, moveTo: opts.moveTo });
      } catch (e) {
        fail((e as Error).message);
      }
      if (!settings) fail("no mailbox: set ALLFORALL_IMAP_URL (imaps://USER@HOST/INBOX) and ALLFORALL_IMAP_PASSWORD, or pass --url");
      await withRuntime(cmd, async (rt) => {
        const r = await fetchMailbox(rt.systemCtx("cli:appeals fetch"), settings);
        if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
        else {
          process.stdout.write(`${settings.user} ${settings.mailbox}: ${r.messages} new message(s): ${r.imported} new appeal(s), ${r.duplicates} already imported, ${r.attachments} attachment(s) stored, ${r.marked} marked as imported, ${r.failed.length} left in the mailbox\n`);
          for (const f of r.failed) process.stdout.write(`  message UID ${f.index}: ${f.error} (left in the mailbox)\n`);
        }
        if (r.failed.length) process.exitCode = 2;
      });
    });

  appeals
    .command("import-mail")
    .description("import appeals from .eml files and mbox archives (idempotent by Message-ID); letters and attachments are stored encrypted")
    .argument("<files...>", ".eml or mbox files")
    .option("--json", "print the result as JSON")
    .action(async (files: string[], opts: { json?: boolean }, cmd: Command) => {
      for (const f of files) if (!existsSync(f)) fail(`${f}: no such file`);
      await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli:appeals import-mail");
        const results: { file: string; result: MailImportResult }[] = [];
        for (const file of files) {
          const result = await importMailFile(ctx, file);
          results.push({ file, result });
          if (!opts.json) process.stdout.write(formatImport(file, result) + "\n");
        }
        if (opts.json) process.stdout.write(JSON.stringify(results.map((r) => ({ file: r.file, ...r.result })), null, 2) + "\n");
        if (results.some((r) => r.result.failed.length > 0)) process.exitCode = 2;
      });
    });
}
