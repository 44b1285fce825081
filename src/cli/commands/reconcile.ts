import { writeFileSync } from "node:fs";
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { describeSummary, findDuplicatePeople, reconcileFile, reconciliationCsv } from "../../services/reconcile.js";
import { fail, withRuntime } from "../shared.js";

export function registerReconcileCommands(program: Command): void {
  program
    .command("reconcile <file>")
    .description("match an incoming list (CSV/XLSX: name, optional birth_date, region) against the registry; per-row result to --out, summary to stdout")
    .requiredOption("--out <file>", "CSV with row, input_name, person_id, external_id, matched_name, score, verdict, explanation")
    .option("--json", "print { summary, rows } as JSON instead of the text summary")
    .action(async (file: string, opts: { out: string; json?: boolean }, cmd: Command) => {
      if (!existsSync(file)) fail(`${file}: no such file`);
      const r = await withRuntime(cmd, (rt) => reconcileFile(rt.systemCtx("cli reconcile"), { path: file }));
      writeFileSync(opts.out, reconciliationCsv(r.rows));
      if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else process.stdout.write(`${[...describeSummary(r.summary), `results written to ${opts.out}`].join("\n")}\n`);
    });

  program
    .command("dedupe")
    .description("list probable duplicate people inside the registry, with explanations")
    .option("--min <score>", "lowest score to list (default: the `possible` threshold)")
    .option("--json", "print JSON")
    .action(async (opts: { min?: string; json?: boolean }, cmd: Command) => {
      const minScore = opts.min === undefined ? undefined : Number(opts.min);
      if (minScore !== undefined && !(minScore > 0 && minScore <= 1)) fail(`--min must be a number in (0, 1], not "${opts.min}"`);
      const pairs = await withRuntime(cmd, (rt) => findDuplicatePeople(rt.systemCtx("cli dedupe"), minScore === undefined ? {} : { minScore }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(pairs, null, 2)}\n`);
        return;
      }
      if (pairs.length === 0) process.stdout.write("no probable duplicates\n");
      for (const p of pairs) {
        const who = (x: { name: string; external_id: string | null; id: string }) => `${x.name} (${x.external_id ?? x.id})`;
        process.stdout.write(`${p.score.toFixed(3)} ${p.verdict}  ${who(p.a)}  ↔  ${who(p.b)}\n${p.explanation.map((l) => `    - ${l}`).join("\n")}\n`);
      }
    });
}
