import { existsSync } from "node:fs";
import type { Command } from "commander";
import { importPeople } from "../../services/import/importPeople.js";
import { exportPeople, type ExportFormat } from "../../services/import/exportPeople.js";
import { loadDemo } from "../../demo/loadDemo.js";
import { progressBar } from "../progress.js";
import { fail, withRuntime } from "../shared.js";

export function registerPeopleCommands(program: Command): void {
  const imp = program.command("import").description("import data into the registry");
  imp
    .command("people <file>")
    .description("import people from CSV, XLSX or JSON (docs/data-format.md); idempotent by external_id")
    .option("--batch-size <n>", "rows per transaction", "2500")
    .action(async (file: string, opts: { batchSize: string }, cmd: Command) => {
      if (!existsSync(file)) fail(`${file}: no such file`);
      const report = await withRuntime(cmd, async (rt) => {
        const bar = progressBar(`importing ${file}`);
        try {
          return await importPeople(rt.systemCtx("cli import"), { path: file, batchSize: Number(opts.batchSize), onProgress: (p) => bar.update(p.rows, p.fraction) });
        } finally {
          bar.done();
        }
      });
      for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
      for (const i of report.issues) process.stderr.write(`${i.file}:${i.row}:${i.column}: ${i.reason}\n`);
      process.stdout.write(`${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed\n`);
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
