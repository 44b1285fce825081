import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { stringify } from "csv-stringify";
import { caseArticle, criminalCase } from "../../db/schema/case.js";
import { groupBy } from "../../domain/collections.js";
import { defuseFormula } from "../../domain/csv.js";
import { facilitiesByIds } from "../../db/repositories/people.js";
import { person, personName } from "../../db/schema/person.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { authorize } from "../policy.js";
import { tx } from "../people.js";
import { formatArticles, formatSentence, PEOPLE_COLUMNS, type PeopleColumn } from "./columns.js";
import { IMPORT_CASE_ORIGIN } from "./importPeople.js";

export type ExportFormat = "csv" | "json";

/** Rows in the import format, a page at a time (keyset pagination, so 100,000 people stream in constant memory). */
export async function* peopleExportRows(ctx: ServiceContext, pageSize = 2000): AsyncGenerator<Record<PeopleColumn, string>> {
  const organisationId = actorOrganisationId(ctx.actor);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await ctx.db
      .select()
      .from(person)
      .where(and(eq(person.organisationId, organisationId), gt(person.id, after)))
      .orderBy(asc(person.id))
      .limit(pageSize);
    if (!page.length) return;
    const ids = page.map((p) => p.id);
    const [names, cases, facilities] = await Promise.all([
      ctx.db.select().from(personName).where(inArray(personName.personId, ids)).then((rows) => rows.sort((a, b) => a.name.localeCompare(b.name, "ru"))),
      ctx.db.select().from(criminalCase).where(inArray(criminalCase.personId, ids)).orderBy(asc(criminalCase.createdAt)),
      facilitiesByIds(ctx.db, [...new Set(page.map((p) => p.currentFacilityId).filter((x): x is string => !!x))]),
    ]);
    // The registry case is the importer's; without one, the newest case stands for the person.
    const caseOf = new Map<string, (typeof cases)[number]>();
    for (const c of cases) if (!caseOf.has(c.personId) || c.origin === IMPORT_CASE_ORIGIN || caseOf.get(c.personId)!.origin !== IMPORT_CASE_ORIGIN) caseOf.set(c.personId, c);
    const caseIds = [...caseOf.values()].map((c) => c.id);
    const articles = caseIds.length ? await ctx.db.select().from(caseArticle).where(inArray(caseArticle.caseId, caseIds)) : [];
    const articlesOf = groupBy(articles, (a) => a.caseId);
    const namesOf = groupBy(names, (n) => n.personId);
    for (const p of page) {
      const c = caseOf.get(p.id);
      const arts = c ? [...(articlesOf.get(c.id) ?? [])].sort((a, b) => a.article.localeCompare(b.article)) : [];
      const alt = (namesOf.get(p.id) ?? []).filter((n) => !n.isPrimary).map((n) => n.name);
      yield {
        external_id: p.externalId ?? p.id,
        name: p.primaryName,
        name_alt: alt.join("; "),
        sex: p.sex === "unknown" ? "" : p.sex,
        birth_date: p.birthDate ?? (p.birthYear ? String(p.birthYear) : ""),
        citizenship: p.citizenship ?? "",
        region: p.homeRegion ?? "",
        category: p.category,
        status: p.status,
        status_since: p.statusSince ?? "",
        facility: p.currentFacilityId ? (facilities.get(p.currentFacilityId)?.name ?? "") : "",
        articles: formatArticles(arts),
        sentence: c ? formatSentence(c.sentenceYears, c.sentenceMonths, c.regime) || c.verdict || (p.sentenceText ?? "") : (p.sentenceText ?? ""),
        detained_on: c?.detainedOn ?? "",
        verdict_on: c?.verdictOn ?? "",
        court: c?.court ?? "",
        judge: c?.judge ?? "",
        publicity_consent: p.publicityConsent,
        exchange_consent: p.exchangeConsent,
        public_summary: p.publicSummary ?? "",
      };
    }
    after = page[page.length - 1]!.id;
  }
}

export async function exportPeople(ctx: ServiceContext, opts: { format: ExportFormat; out: string }): Promise<{ rows: number }> {
  authorize(ctx.actor, "export", "person");
  const out = createWriteStream(opts.out, { encoding: "utf8" });
  let rows = 0;
  if (opts.format === "csv") {
    // The other side's lists reach the registry: a name like =HYPERLINK(…) must stay text in a spreadsheet.
    const csv = stringify({ header: true, columns: [...PEOPLE_COLUMNS], cast: { string: defuseFormula } });
    csv.pipe(out);
    for await (const r of peopleExportRows(ctx)) {
      if (!csv.write(r)) await once(csv, "drain");
      rows++;
    }
    csv.end();
  } else {
    out.write("[\n");
    for await (const r of peopleExportRows(ctx)) {
      if (!out.write((rows ? ",\n" : "") + JSON.stringify(r))) await once(out, "drain");
      rows++;
    }
    out.end("\n]\n");
  }
  await once(out, "finish");
  await tx(ctx, (db) => recordAudit(db, ctx.actor, { type: "export.completed", targetType: "person", detail: { format: opts.format, rows } }, ctx.now()));
  return { rows };
}
