import { existsSync } from "node:fs";
import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import { ImportRefused, importPeople, type ImportReport } from "../../services/import/importPeople.js";
import { describeImport, readMapFile } from "../../services/import/describe.js";
import { localeFromEnv, renderMessage } from "../../services/import/messages.js";
import { exportPeople, type ExportFormat } from "../../services/import/exportPeople.js";
import { loadDemo } from "../../demo/loadDemo.js";
import { progressBar } from "../progress.js";
import { fail, withRuntime } from "../shared.js";

export function registerPeopleCommands(program: Command): void {
  const imp = program.command("import").description("import data into the registry");
  imp
    .command("people <file>")
    .description("import people from an NGO's own sheet (CSV in UTF-8/cp1251/KOI8-R, XLSX, JSON; docs/data-format.md); nobody is created twice")
    .option("--category <category>", "category of every row without one (ru_political_prisoner, ua_civilian_hostage, … or words: политзаключённый, цивільний заручник)")
    .option("--map <file>", "mapping of headers to fields: JSON {\"header\": \"field\"} or lines header=field")
    .option("--sheet <name>", "XLSX: the sheet to read (name or number; default the first)")
    .option("--dry-run", "show what would be created, updated, left for review and refused; write nothing")
    .option("--lang <lang>", "language of the report: en, ru, uk (default from LANG)")
    .option("--batch-size <n>", "rows per transaction", "2500")
    .action(async (file: string, opts: { category?: string; map?: string; sheet?: string; dryRun?: boolean; lang?: string; batchSize: string }, cmd: Command) => {
      const locale = localeFromEnv(opts.lang);
      if (!existsSync(file)) fail(`${file}: no such file`);
      if (opts.map && !existsSync(opts.map)) fail(`${opts.map}: no such file`);
      const map = opts.map ? readMapFile(opts.map) : undefined;
      let report: ImportReport;
      try {
        report = await withRuntime(cmd, async (rt) => {
          const bar = progressBar(`importing ${file}`);
          try {
            return await importPeople(rt.systemCtx("cli import"), { path: file, map, category: opts.category, sheet: opts.sheet, dryRun: !!opts.dryRun, batchSize: Number(opts.batchSize), onProgress: (p) => bar.update(p.rows, p.fraction) });
          } finally {
            bar.done();
          }
        });
      } catch (e) {
        if (e instanceof ImportRefused) fail(renderMessage(locale, e.reason));
        throw e;
      }
      for (const line of describeImport(locale, report)) process.stderr.write(`${line}\n`);
      process.stdout.write(`${t(locale, "import.summary", { count: String(report.rows), created: String(report.created), updated: String(report.updated), unchanged: String(report.unchanged), review: String(report.review), refused: String(report.failed) })}\n`);
      if (report.dryRun) process.stdout.write(`${t(locale, "import.dryRun")}\n`);
      if (report.failed) process.exitCode = 2;
    });

  const exp = program.command("export").description("export data from the registry");
  exp
    .command("people")
    .description("export every person in the import format (round-trips with import people)")
    .option("--format <format>", "csv or json", "csv")
    .requiredOption("--out <file>", "where to write")
    .action(async (opts: { format: string; out: string }, cmd: Command) => {
      if (opts.format !== "csv" && opts.format !== "json") fail(`--format must be csv or json, not "${opts.format}"`);
      const r = await withRuntime(cmd, (rt) => exportPeople(rt.systemCtx("cli export"), { format: opts.format as ExportFormat, out: opts.out }));
      process.stdout.write(`${r.rows} people written to ${opts.out}\n`);
    });

  program
    .command("demo")
    .description("load a small realistic demo set of invented people (marked as demo) so a new user sees a living system")
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await withRuntime(cmd, (rt) => loadDemo(rt.systemCtx("demo")));
      process.stdout.write(r.loaded ? `demo data loaded: ${r.people} invented people, ${r.cases} cases\n` : `demo data is already loaded (${r.people} people)\n`);
    });
}
