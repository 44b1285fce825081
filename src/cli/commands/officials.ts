import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { ServiceContext } from "../../services/context.js";
import { dossierFormats, exportDossier, exportOfficials, officialsExportFormats } from "../../services/officialExport.js";
import { ROLE_LABELS } from "../../services/officialFtm.js";
import { proposeOfficialLinks } from "../../services/officialLinks.js";
import { getOfficial, listOfficials } from "../../services/officials.js";
import { fail, withRuntime } from "../shared.js";

// `allforall officials list|show|export|propose-links`: thin calls into the officials' services (docs/officials.md).

const print = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);

/** An official by id, or by a name that finds exactly one. */
async function resolveOfficial(ctx: ServiceContext, ref: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(ref)) return ref;
  const r = await listOfficials(ctx, { q: ref, limit: 5 });
  if (r.total === 1) return r.rows[0]!.id;
  if (!r.total) fail(`${ref}: no official with that name (give an id or part of a name)`);
  fail(`${ref}: ${r.total} officials match (${r.rows.map((o) => o.primaryName).join("; ")}${r.total > 5 ? " …" : ""}); give the id`);
}

export async function showOfficialText(ctx: ServiceContext, id: string): Promise<string[]> {
  const d = await getOfficial(ctx, id);
  const o = d.official;
  const lines = [`${o.primaryName}${o.nameLatin ? ` / ${o.nameLatin}` : ""}  (${o.id})${o.isDemo ? "  [invented demo record]" : ""}`];
  const others = d.names.filter((n) => !n.isPrimary && n.name !== o.nameLatin).map((n) => n.name);
  if (others.length) lines.push(`  also spelled: ${others.join("; ")}`);
  if (o.birthDate) lines.push(`  born ${o.birthDate}`);
  for (const p of d.positions) lines.push(`  post: ${[p.position.rank, p.position.position, p.body?.name, p.position.region].filter(Boolean).join(", ")} (${p.position.fromDate ?? "?"} – ${p.position.toDate ?? "…"})`);
  const s = d.summary;
  lines.push(`  ${s.cases} cases, ${s.people} people, ${s.peopleSentenced} sentenced to ${s.totalYears} years in total`);
  if (s.articles.length) lines.push(`  articles: ${s.articles.map((a) => `${a.article} (${a.cases})`).join(", ")}`);
  lines.push("");
  for (const r of d.roles) {
    const c = r.case;
    const sentence = [c.sentenceYears ? `${c.sentenceYears} y` : null, c.sentenceMonths ? `${c.sentenceMonths} m` : null].filter(Boolean).join(" ");
    lines.push(`  ${r.fromDate ?? c.verdictOn ?? "????-??-??"}  ${(ROLE_LABELS[r.role] ?? r.role).padEnd(24)}  ${c.personName}${c.caseNumber ? `, № ${c.caseNumber}` : ""}${c.court ? `, ${c.court}` : ""}${sentence ? `; ${sentence}` : ""}`);
  }
  for (const src of d.sources) lines.push(`  source [${src.source.reliability}] ${src.source.title}${src.source.url ? ` <${src.source.url}>` : ""}`);
  return lines;
}

export function registerOfficialsCommands(program: Command): void {
  const cmd = program.command("officials").description("officials behind the cases: investigators, prosecutors, judges, experts, colony heads");
  cmd
    .command("list")
    .description("list officials (name, posts)")
    .option("--q <text>", "part of a name, in any spelling")
    .option("--limit <n>", "at most this many", "500")
    .action(async (opts: { q?: string; limit: string }, c: Command) => {
      const lines = await withRuntime(c, async (rt) => {
        const r = await listOfficials(rt.systemCtx("cli officials"), { q: opts.q, limit: Number(opts.limit) });
        const out = r.rows.map((o) => {
          const posts = r.positions.filter((p) => p.position.officialId === o.id).map((p) => [p.position.position, p.body?.name].filter(Boolean).join(", "));
          return `${o.id}  ${o.primaryName}${o.nameLatin ? ` / ${o.nameLatin}` : ""}${posts.length ? `  — ${posts.join("; ")}` : ""}${o.isDemo ? "  [demo]" : ""}`;
        });
        return [...out, `${r.total} officials`];
      });
      print(lines);
    });
  cmd
    .command("show <official>")
    .description("an official's posts, every case and role, people sentenced and total years (id or part of a name)")
    .action(async (ref: string, _o: unknown, c: Command) => {
      print(await withRuntime(c, async (rt) => showOfficialText(rt.systemCtx("cli officials"), await resolveOfficial(rt.systemCtx("cli officials"), ref))));
    });
  cmd
    .command("export [official]")
    .description("every official as FollowTheMoney JSON lines, CSV or XLSX; with an official, their sanctions dossier (PDF or XLSX)")
    .option("--format <format>", `ftm, csv or xlsx (all officials); pdf or xlsx (one official's dossier)`)
    .option("--out <file>", "where to write (default: standard output for ftm and csv)")
    .action(async (ref: string | undefined, opts: { format?: string; out?: string }, c: Command) => {
      const format = opts.format ?? (ref ? "pdf" : "ftm");
      const allowed: readonly string[] = ref ? dossierFormats : officialsExportFormats;
      if (!allowed.includes(format)) fail(`--format must be one of ${allowed.join(", ")}${ref ? " for a dossier" : ""}, not "${format}"`);
      if (!opts.out && (format === "xlsx" || format === "pdf")) fail(`--out <file> is needed for ${format}`);
      const f = await withRuntime(c, async (rt) => {
        const ctx = rt.systemCtx("cli officials");
        return ref ? exportDossier(ctx, await resolveOfficial(ctx, ref), { format }) : exportOfficials(ctx, { format });
      });
      if (opts.out) {
        writeFileSync(opts.out, f.body);
        process.stderr.write(`${f.count} ${format === "ftm" ? "entities" : ref ? "dossier" : "officials"} written to ${opts.out}\n`);
      } else process.stdout.write(f.body);
    });
  cmd
    .command("propose-links")
    .description("read every case's free-text judge and prosecutor and propose links to official records, for review in the staff app")
    .action(async (_o: unknown, c: Command) => {
      const r = await withRuntime(c, (rt) => proposeOfficialLinks(rt.systemCtx("cli officials")));
      print([`${r.proposed} links proposed for review (${r.toExisting} to existing officials, ${r.toNew} as new records); ${r.skipped} fields already linked or proposed`]);
    });
}
