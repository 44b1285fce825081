import type { Command } from "commander";
import { MERGE_FIELDS, mergePeople, previewMerge, type MergeField } from "../../services/merge.js";
import { fail, withRuntime } from "../shared.js";
import { resolvePersonId } from "./person.js";

const CHOOSABLE = new Set<string>([...MERGE_FIELDS, "genevaRecord", "priorityFacts"]);

/** `--choose homeRegion=merged` (repeatable): whose value the survivor keeps where both records differ. */
function parseChoices(items: string[]): Partial<Record<MergeField, "survivor" | "merged">> {
  const out: Partial<Record<MergeField, "survivor" | "merged">> = {};
  for (const item of items) {
    const [field, side] = item.split("=");
    if (!field || !CHOOSABLE.has(field) || (side !== "survivor" && side !== "merged"))
      fail(`--choose ${item}: expected FIELD=survivor or FIELD=merged, FIELD one of ${[...CHOOSABLE].join(", ")}`);
    out[field as MergeField] = side;
  }
  return out;
}

export function registerMergeCommands(program: Command): void {
  const people = program.command("people").description("the registry's people");
  people
    .command("merge <survivor> <merged>")
    .description("merge the second record into the first (ids or external ids): every spelling, case, history and link moves; the second id then names the first")
    .option("--choose <field=side>", "where both records hold a different value, keep the survivor's or the merged one's (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--dry-run", "show what differs and stop")
    .action(async (a: string, b: string, opts: { choose: string[]; dryRun?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli people merge");
        const survivorId = (await resolvePersonId(ctx, a)) ?? fail(`${a}: no such person`);
        const mergedId = (await resolvePersonId(ctx, b)) ?? fail(`${b}: no such person`);
        const preview = await previewMerge(ctx, survivorId, mergedId);
        const choices = parseChoices(opts.choose);
        const open = preview.conflicts.filter((c) => !choices[c.field]);
        if (opts.dryRun || open.length) {
          for (const c of preview.conflicts) process.stdout.write(`${c.field}: survivor ${JSON.stringify(c.survivor)} | merged ${JSON.stringify(c.merged)}${choices[c.field] ? ` → ${choices[c.field]}` : ""}\n`);
          if (open.length && !opts.dryRun) fail(`both records hold a value for ${open.map((c) => c.field).join(", ")}: add --choose FIELD=survivor|merged for each`);
          return;
        }
        const r = await mergePeople(ctx, { survivorId, mergedId, choices });
        const moved = Object.entries(r.moved).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(", ");
        process.stdout.write(`merged ${r.mergedId} into ${r.survivorId}${moved ? ` (moved: ${moved})` : ""}\n`);
      });
    });
}
