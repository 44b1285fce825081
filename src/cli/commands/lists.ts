import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import type { ServiceContext } from "../../services/context.js";
import { counterpartReport, importCounterpartList } from "../../services/lists/counterpart.js";
import { exportListVersion } from "../../services/lists/export.js";
import { freezeList, recordOutcome } from "../../services/lists/lifecycle.js";
import { changeListMembers, copyList, createList, diffListVersions, getList, getListVersion, listExchangeLists, refreshList, verifyListVersion } from "../../services/lists/lists.js";
import { describeReasons } from "../../services/lists/rows.js";
import { whenBuilt } from "../../services/lists/background.js";
import { fail, withRuntime } from "../shared.js";
import { resolvePersonId } from "./person.js";

const csvList = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
const print = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);
const json = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);

async function personIds(ctx: ServiceContext, refs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of refs) {
    const id = await resolvePersonId(ctx, r);
    if (!id) fail(`${r}: no such person (give a person id or the external id)`);
    out.push(id);
  }
  return out;
}

/** What `lists show` prints: the header, then one line per row with its eligibility and reasons. */
export async function showText(ctx: ServiceContext, id: string, version?: number): Promise<string[]> {
  const list = await getList(ctx, id);
  const v = await getListVersion(ctx, id, version);
  const lines = [
    `${list.name}  (${list.id})`,
    `  ${list.kind} list, ${list.status.replace("_", " ")}; version ${v.version.version} of ${list.currentVersion}${list.frozenVersion ? `, frozen at ${list.frozenVersion}` : ""}`,
    `  sha256 ${v.version.contentHash}: ${v.version.integrity.summary}`,
    `  ${v.version.rowCount} rows, ${v.version.eligibleCount} eligible; categories ${list.categories.join(", ") || "-"}${list.allForAll ? " (all for all)" : ""}`,
  ];
  if (list.signOffs.length) lines.push(`  signed off by ${list.signOffs.map((s) => `${s.user} (${s.signedAt.slice(0, 10)})`).join(", ")}`);
  lines.push("");
  v.rows.forEach((r, i) => {
    const name = [r.nameCyrillic, r.nameLatin].filter(Boolean).join(" / ");
    const mark = r.eligible ? "  " : "✗ ";
    const facts = [r.birthDate, r.articles, r.category, r.status, r.priority !== null ? `priority ${r.priority}` : null].filter(Boolean).join("; ");
    lines.push(`${mark}${String(i + 1).padStart(4)}. ${name}  [${facts}]`);
    const notes = describeReasons([...r.reasons, ...r.warnings]);
    if (notes) lines.push(`         ${r.eligible ? "note" : "not eligible"}: ${notes}`);
  });
  return lines;
}

export async function diffText(ctx: ServiceContext, id: string, from: number, to: number): Promise<string[]> {
  const d = await diffListVersions(ctx, id, from, to);
  const name = (r: { nameCyrillic: string | null; nameLatin: string | null }) => [r.nameCyrillic, r.nameLatin].filter(Boolean).join(" / ");
  const lines = [`version ${d.from.version} → ${d.to.version}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`];
  for (const r of d.added) lines.push(`+ ${name(r)}${r.eligible ? "" : ` (not eligible: ${describeReasons(r.reasons)})`}`);
  for (const r of d.removed) lines.push(`- ${name(r)}`);
  for (const c of d.changed) lines.push(`~ ${c.name}: ${c.fields.map((f) => `${f.field} ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`).join("; ")}`);
  return lines;
}

/** What `lists report` prints for a counterpart list. */
export async function reportText(ctx: ServiceContext, id: string): Promise<string[]> {
  const r = await counterpartReport(ctx, id);
  const who = (p: { name: string | null; birthDate: string | null; row: string | null; status?: string | null }) =>
    `    row ${p.row ?? "?"}: ${p.name ?? "(no name)"}${p.birthDate ? `, ${p.birthDate}` : ""}${p.status ? ` [${p.status}]` : ""}`;
  const lines = [`${r.list.name} (${r.list.sourceFileName ?? "no file"}), version ${r.version.version}: ${r.total} rows, ${r.matched} identified in the registry`, "", "Composition:"];
  for (const [group, n] of Object.entries(r.byGroup).sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(5)}  ${group}`);
  const section = (title: string, items: Parameters<typeof who>[0][]) => {
    if (!items.length) return;
    lines.push("", `${title} (${items.length}):`, ...items.map(who));
  };
  section("Duplicates", r.duplicates);
  section("Already free", r.alreadyFree);
  section("Deceased", r.deceased);
  section("Possible matches to check by hand", r.possibleMatches);
  if (r.comparedWith) {
    lines.push("", `On our list "${r.comparedWith.name}" v${r.comparedWith.version}, missing from theirs (${r.missingFromTheirs!.length}):`);
    for (const p of r.missingFromTheirs!) lines.push(`    ${p.name ?? "(no name)"}${p.birthDate ? `, ${p.birthDate}` : ""}`);
  }
  return lines;
}

export function registerListsCommands(program: Command): void {
  const lists = program.command("lists").description("exchange and release lists: build, version, compare, freeze, export; counterpart lists");

  lists
    .command("ls")
    .description("the organisation's lists")
    .action(async (_opts: unknown, cmd: Command) => {
      const rows = await withRuntime(cmd, (rt) => listExchangeLists(rt.systemCtx("cli lists")));
      print(rows.map((l) => `${l.id}  ${l.kind.padEnd(11)} ${l.status.padEnd(11)} v${l.currentVersion}  ${l.name}`));
    });

  lists
    .command("create")
    .description("build a list from the registry (version 1)")
    .requiredOption("--name <name>", "list name")
    .requiredOption("--categories <list>", "comma-separated categories, e.g. ru_political_prisoner,ua_civilian_hostage")
    .option("--purpose <text>", "what the list is for")
    .option("--all-for-all", "every person in the categories (ineligible ones shown with the reason)")
    .option("--consent <list>", "exchange consent filter: consents,unknown,refuses")
    .option("--recognition <list>", "recognition filter: recognised,pending,unknown,…")
    .option("--region <text>", "home region contains")
    .option("--article <n>", "Criminal Code article, e.g. 207.3")
    .option("--health-min <severity>", "at least this health severity: mild|moderate|severe|critical")
    .option("--priority-min <n>", "at least this priority score")
    .option("--person <ids>", "people added by hand (ids or external ids, comma-separated)")
    .action(async (o: Record<string, string | boolean | undefined>, cmd: Command) => {
      const r = await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        const filters: Record<string, unknown> = {};
        if (o.consent) filters.exchangeConsent = csvList(String(o.consent));
        if (o.recognition) filters.recognition = csvList(String(o.recognition));
        if (o.region) filters.region = o.region;
        if (o.article) filters.article = o.article;
        if (o.healthMin) filters.healthAtLeast = o.healthMin;
        if (o.priorityMin) filters.priorityAtLeast = Number(o.priorityMin);
        // The command's process ends with it: a list built in the background is waited for here.
        return whenBuilt(ctx, await createList(ctx, {
          name: String(o.name),
          ...(o.purpose ? { purpose: String(o.purpose) } : {}),
          categories: csvList(String(o.categories)) as never,
          filters: filters as never,
          allForAll: !!o.allForAll,
          personIds: o.person ? await personIds(ctx, csvList(String(o.person))) : [],
        }));
      });
      print([`created list ${r.id}`, `version ${r.version.version}: ${r.version.rowCount} rows, ${r.version.eligibleCount} eligible, sha256 ${r.version.contentHash}`]);
    });

  lists
    .command("show <id>")
    .description("a version's rows with eligibility and reasons (default: the current version)")
    .option("--version <n>", "version number")
    .option("--json", "print as JSON")
    .action(async (id: string, o: { version?: string; json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        if (o.json) json(await getListVersion(ctx, id, o.version ? Number(o.version) : undefined));
        else print(await showText(ctx, id, o.version ? Number(o.version) : undefined));
      });
    });

  lists
    .command("verify <id>")
    .description("check a version against its content hash, row by row (default: the current version); exits 1 unless it verifies")
    .option("--version <n>", "version number")
    .option("--json", "print as JSON")
    .action(async (id: string, o: { version?: string; json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const r = await verifyListVersion(rt.systemCtx("cli lists"), id, o.version ? Number(o.version) : undefined);
        if (o.json) json(r);
        else print([`version ${r.version}, sha256 ${r.contentHash}: ${r.summary}`]);
        if (!r.verified) process.exitCode = 1;
      });
    });

  lists
    .command("diff <id> <from> <to>")
    .description("compare two versions: added, removed, changed rows")
    .option("--json", "print as JSON")
    .action(async (id: string, from: string, to: string, o: { json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        if (o.json) json(await diffListVersions(ctx, id, Number(from), Number(to)));
        else print(await diffText(ctx, id, Number(from), Number(to)));
      });
    });

  lists
    .command("members <id>")
    .description("add or remove people by hand (a new version)")
    .option("--add <ids>", "people to add (ids or external ids, comma-separated)")
    .option("--remove <ids>", "people to remove")
    .option("--note <text>", "why")
    .action(async (id: string, o: { add?: string; remove?: string; note?: string }, cmd: Command) => {
      const r = await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        return whenBuilt(ctx, await changeListMembers(ctx, id, { add: await personIds(ctx, csvList(o.add ?? "")), remove: await personIds(ctx, csvList(o.remove ?? "")), ...(o.note ? { note: o.note } : {}) }));
      });
      print([`version ${r.version.version}: ${r.version.rowCount} rows, ${r.version.eligibleCount} eligible, sha256 ${r.version.contentHash}`]);
    });

  lists
    .command("refresh <id>")
    .description("rebuild a draft list from the registry as it stands (a new version if anything changed)")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const r = await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        return whenBuilt(ctx, await refreshList(ctx, id));
      });
      print([r.created ? `new version ${r.version.version}, sha256 ${r.version.contentHash}` : `no change: still version ${r.version.version}`]);
    });

  lists
    .command("copy <id>")
    .description("start a new draft list from this list's definition (categories, filters, hand edits)")
    .option("--name <name>", "name of the new list (default: the old name + \" (copy)\")")
    .action(async (id: string, o: { name?: string }, cmd: Command) => {
      const r = await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        return whenBuilt(ctx, await copyList(ctx, id, { name: o.name }));
      });
      print([`created list ${r.id}`, `version ${r.version.version}: ${r.version.rowCount} rows, ${r.version.eligibleCount} eligible, sha256 ${r.version.contentHash}`]);
    });

  lists
    .command("freeze <id>")
    .description("freeze the current version: the list can no longer change (sign-off happens in the staff app, by two coordinators)")
    .option("--version <n>", "refuse unless this is the current version")
    .option("--consent-reason <text>", "why the list may be frozen although someone on it has no recorded consent to exchange (kept on the list)")
    .action(async (id: string, o: { version?: string; consentReason?: string }, cmd: Command) => {
      const r = await withRuntime(cmd, (rt) =>
        freezeList(rt.systemCtx("cli lists"), id, { ...(o.version ? { version: Number(o.version) } : {}), ...(o.consentReason ? { consentReason: o.consentReason } : {}) }),
      );
      print([`frozen at version ${r.version.version}, sha256 ${r.version.contentHash}`]);
    });

  lists
    .command("outcome <id>")
    .description("record that a signed-off list was carried out: people move to exchanged/released; prints who was left behind")
    .requiredOption("--date <YYYY-MM-DD>", "the day it was carried out")
    .requiredOption("--source <text>", "where this is known from (statement URL, description)")
    .option("--status <status>", "exchanged (default) | released", "exchanged")
    .option("--freed <ids>", "only these people came out (ids or external ids); default: everyone eligible on the list")
    .action(async (id: string, o: { date: string; source: string; status: string; freed?: string }, cmd: Command) => {
      const r = await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        return recordOutcome(ctx, id, { carriedOutOn: o.date, source: o.source, outcomeStatus: o.status as "exchanged", ...(o.freed ? { freedPersonIds: await personIds(ctx, csvList(o.freed)) } : {}) });
      });
      const lines = [`carried out on ${r.carriedOutOn} (version ${r.version}): ${r.moved.length} moved`];
      for (const m of r.moved) lines.push(`  ${m.name}: ${m.from} → ${m.to}`);
      lines.push(`left behind (${r.leftBehind.length}):`, ...r.leftBehind.map((p) => `  ${p.name} [${p.status}]`));
      if (r.freedOffList.length) lines.push(`freed although not requested (${r.freedOffList.length}):`, ...r.freedOffList.map((p) => `  ${p.name}`));
      print(lines);
    });

  lists
    .command("export <id>")
    .description("write a version as PDF, XLSX or CSV")
    .requiredOption("--format <format>", "pdf | xlsx | csv")
    .option("--version <n>", "version number (default: the current one)")
    .option("--scope <scope>", "eligible (default: the transmissible list) | all (internal: everyone with the reasons)", "eligible")
    .option("--out <file>", "output file (default: a name with the list, version and hash)")
    .action(async (id: string, o: { format: string; version?: string; scope: string; out?: string }, cmd: Command) => {
      const f = await withRuntime(cmd, (rt) =>
        exportListVersion(rt.systemCtx("cli lists"), id, { format: o.format as "pdf", scope: o.scope as "eligible", ...(o.version ? { version: Number(o.version) } : {}) }),
      );
      const out = o.out ?? f.fileName;
      writeFileSync(out, f.bytes);
      print([`wrote ${out} (version ${f.version}, sha256 ${f.contentHash}, ${f.bytes.length} bytes)`]);
    });

  lists
    .command("import <file>")
    .description("import a list received from the other side (CSV/XLSX) and match it against the registry")
    .option("--name <name>", "name of the new counterpart list (default: the file name)")
    .option("--into <id>", "a new version of this counterpart list instead of a new list")
    .option("--compare-with <id>", "our own list, for \"on ours, missing from theirs\"")
    .action(async (file: string, o: { name?: string; into?: string; compareWith?: string }, cmd: Command) => {
      if (!existsSync(file)) fail(`${file}: no such file`);
      const r = await withRuntime(cmd, (rt) =>
        importCounterpartList(rt.systemCtx("cli lists"), {
          fileName: basename(file),
          content: readFileSync(file),
          ...(o.into ? { listId: o.into } : { name: o.name ?? basename(file) }),
          ...(o.compareWith ? { comparedWithListId: o.compareWith } : {}),
        }),
      );
      print([`counterpart list ${r.id}, version ${r.version.version}: ${r.version.rowCount} rows`, `see: allforall lists report ${r.id}`]);
    });

  lists
    .command("report <id>")
    .description("counterpart list: composition by category, duplicates, already free, ours missing from theirs")
    .option("--json", "print as JSON")
    .action(async (id: string, o: { json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli lists");
        if (o.json) json(await counterpartReport(ctx, id));
        else print(await reportText(ctx, id));
      });
    });
}
