import type { Command } from "commander";
import { describeRecognition } from "../../domain/recognition/index.js";
import { formatArticle, formatTerm, isIsoDate, REGIME_LABELS } from "../../domain/release/index.js";
import { describePriority } from "../../domain/priority/index.js";
import type { ServiceContext } from "../../services/context.js";
import { findPersonIdByExternalId, getPerson } from "../../services/people.js";
import { computePersonPriority } from "../../services/priority.js";
import { getRecognition } from "../../services/recognition.js";
import { computePersonReleaseDates } from "../../services/releaseDate.js";
import { fail, withRuntime } from "../shared.js";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person id, or the organisation's external id (the spreadsheet's). */
export async function resolvePersonId(ctx: ServiceContext, idOrExternal: string): Promise<string | null> {
  if (UUID_RE.test(idOrExternal)) return idOrExternal;
  return findPersonIdByExternalId(ctx, idOrExternal);
}

export interface PersonReport {
  lines: string[];
  json: unknown;
}

/** Everything `person show` prints: identity, recognition state, release-date working, priority breakdown. */
export async function personReport(ctx: ServiceContext, personId: string, opts: { asOf?: string | undefined } = {}): Promise<PersonReport> {
  const detail = await getPerson(ctx, personId);
  const [recognition, release, priority] = await Promise.all([
    getRecognition(ctx, personId),
    computePersonReleaseDates(ctx, personId, { asOf: opts.asOf }),
    computePersonPriority(ctx, personId, { asOf: opts.asOf }),
  ]);
  const p = detail.person;
  const lines: string[] = [];
  const born = p.birthDate ?? (p.birthYear ? String(p.birthYear) : "unknown");
  lines.push(`${p.primaryName}  (${p.id}${p.externalId ? `, ${p.externalId}` : ""})`);
  lines.push(`  ${p.category}, status ${p.status}${p.statusSince ? ` since ${p.statusSince}` : ""}, born ${born}${detail.facility ? `, ${detail.facility.name}` : ""}`);
  lines.push("");

  if (recognition.current) {
    const users = recognition.current.users;
    const text = describeRecognition(recognition.current.assessment).map((l) => l.replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/g, (id) => users[id] ?? id));
    lines.push(...text);
    if (recognition.earlier.length) lines.push(`  (${recognition.earlier.length} earlier assessment(s))`);
  } else {
    lines.push("Recognition (PACE Res. 1900 (2012)): not assessed");
  }
  lines.push("");

  lines.push(`Release date (as of ${release.asOf}):${release.current ? ` ${release.current.releaseDate}` : " not computed"}`);
  for (const c of release.cases) {
    const kase = detail.cases.find((x) => x.id === c.caseId);
    const label = kase?.caseNumber ? `case ${kase.caseNumber}` : `case ${c.caseId}`;
    if (c.status === "incomplete") {
      lines.push(`  ${label}: cannot compute, missing ${c.missing.join(", ")}`);
      continue;
    }
    if (c.status === "invalid") {
      lines.push(`  ${label}: cannot compute: ${c.message}`);
      continue;
    }
    const r = c.result;
    lines.push(
      `  ${label}: ${formatTerm(r.term)}, ${REGIME_LABELS[r.regime]}, ${r.articles.map(formatArticle).join(", ") || "articles not given"} → release ${r.releaseDate}` +
        (r.parole ? `; parole ${r.parole.afterRelease ? "not before release" : `from ${r.parole.eligibleFrom} (${r.parole.fraction.num}/${r.parole.fraction.den})`}` : ""),
    );
    lines.push(`    ${r.summary}`);
    if (r.chain.length > 1 || r.releasedEarly) {
      // The sentence's history as the working followed it: each court decision, oldest first.
      lines.push("    decisions:");
      for (const d of r.chain) lines.push(`      ${d.date} ${d.stage.replace(/_/g, " ")}${d.applied ? "" : " [not in force, not applied]"}: ${d.line.text}`);
      if (r.releasedEarly) lines.push(`      → released on ${r.releasedEarly.date} (${r.releasedEarly.stage.replace(/_/g, " ")}), before the end of the term`);
    }
    for (const n of c.notes) lines.push(`    note: ${n}`);
    for (const w of r.working) lines.push(`    ${w}`);
    for (const w of r.warnings) lines.push(`    warning: ${w}`);
    lines.push(`    rules: ${r.rulesApplied.map((x) => x.id).join(", ")}`);
  }
  if (!release.cases.length) lines.push("  no cases recorded");
  lines.push("");

  lines.push(...describePriority(priority));
  if (!priority.healthDetailsShown) lines.push("  (health reasons withheld)");
  return { lines, json: { person: { id: p.id, externalId: p.externalId, name: p.primaryName }, recognition, release, priority } };
}

export function registerPersonCommands(program: Command): void {
  const person = program.command("person").description("one person's record");
  person
    .command("show <id>")
    .description("print a person's recognition state, release-date working and priority breakdown (id or external id)")
    .option("--as-of <date>", "reference date for remaining time and age (default: today in Moscow)")
    .option("--json", "print JSON instead of text")
    .action(async (id: string, opts: { asOf?: string; json?: boolean }, cmd: Command) => {
      if (opts.asOf !== undefined && !isIsoDate(opts.asOf)) fail(`--as-of must be a date (YYYY-MM-DD), not "${opts.asOf}"`);
      const out = await withRuntime(cmd, async (rt) => {
        const ctx = rt.systemCtx("cli person show");
        const personId = await resolvePersonId(ctx, id);
        if (!personId) return null;
        return personReport(ctx, personId, { asOf: opts.asOf });
      });
      if (!out) fail(`no person with id or external id "${id}"`);
      process.stdout.write(opts.json ? `${JSON.stringify(out.json, null, 2)}\n` : `${out.lines.join("\n")}\n`);
    });
}
