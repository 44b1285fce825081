/**
 * `allforall names compare "A" "B" [--json]` and `allforall names pairs FILE.tsv`.
 * Pure matcher, no database: usable on any machine to check what the matcher thinks.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { compareNames, type MatchResult } from "../../domain/names/index.js";

export function formatComparison(r: MatchResult): string {
  return [`score ${r.score.toFixed(3)}  verdict ${r.verdict}`, ...r.explanation.map((l) => `  - ${l}`)].join("\n");
}

/** One `score<TAB>verdict` line per input line; throws naming the file and line on bad input. */
export function comparePairsText(text: string, file: string): string[] {
  const body = text.replace(/^\uFEFF/, "");
  const lines = body.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((line, i) => {
    const cols = line.split("\t");
    if (cols.length < 2) {
      throw new Error(`${file}:${i + 1}: expected two names separated by a tab ("nameA<TAB>nameB"), got ${JSON.stringify(line.slice(0, 80))}`);
    }
    // Extra leading columns (an id, a row number) are allowed: the last two are the names.
    const a = cols[cols.length - 2]!.trim();
    const b = cols[cols.length - 1]!.trim();
    if (a === "" || b === "") throw new Error(`${file}:${i + 1}: empty name in ${a === "" ? "the first" : "the second"} name column`);
    const r = compareNames(a, b);
    return `${r.score.toFixed(3)}\t${r.verdict}`;
  });
}

export function registerNamesCommands(program: Command): void {
  const names = program.command("names").description("Compare person names across scripts and transliterations");

  names
    .command("compare")
    .description("Compare two names: score in [0,1], verdict match/possible/none, and why")
    .argument("<a>", "first name")
    .argument("<b>", "second name")
    .option("--json", "print JSON { score, verdict, explanation }")
    .action((a: string, b: string, opts: { json?: boolean }) => {
      const r = compareNames(a, b);
      process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatComparison(r)}\n`);
    });

  names
    .command("pairs")
    .description("Compare name pairs from a TSV file (nameA<TAB>nameB per line; with more columns the last two are the names); prints score<TAB>verdict per line")
    .argument("<file>", "TSV file")
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new Error(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`);
      }
      const out = comparePairsText(text, file);
      if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
    });
}
