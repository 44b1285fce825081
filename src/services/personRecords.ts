import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { normaliseIcd10 } from "../domain/priority/icd10.js";
import { custodyHistory } from "../db/schema/case.js";
import { exchangeConsents, healthSeverities, publicityConsents, reliabilityGrades, sourceKinds } from "../db/schema/enums.js";
import { facility } from "../db/schema/facility.js";
import { consentRecord, healthRecord, personSource, rosfinListing, source } from "../db/schema/person.js";
import * as repo from "../db/repositories/people.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "./context.js";
import { notFound } from "./errors.js";
import { authorize } from "./policy.js";
import { loadPersonFor, personSubject, tx } from "./people.js";
import { isoDate } from "./personInput.js";
import { sealPersonRow } from "../db/schema/sealed.js";

// Facts about a person beyond names and cases: health, consent, Rosfinmonitoring listing, sources,
// custody history. Each write is audited in its own transaction; health details are sealed.

export const healthInput = z.object({
  condition: z.string().trim().min(1).max(2000),
  // Normalised as docs/priority.md promises: "c34,1" → "C34.1", a Cyrillic look-alike letter → its Latin one.
  icd10: z
    .array(
      z.string().trim().transform((code, ctx) => {
        const n = normaliseIcd10(code);
        if (!n || n.startsWith("U")) ctx.addIssue({ code: "custom", message: `expected an ICD-10 code such as E10 or C34.1, got "${code}"` });
        return n ?? code;
      }),
    )
    .max(20)
    .default([]),
  severity: z.enum(healthSeverities),
  preventsServing: z.boolean().default(false),
  recordedOn: isoDate.nullish(),
  note: z.string().max(2000).nullish(),
  sourceId: z.uuid().nullish(),
});

export async function recordHealth(ctx: ServiceContext, personId: string, input: unknown) {
  const h = healthInput.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "read");
    authorize(ctx.actor, "create", "healthRecord", await personSubject(db, ctx, personId));
    const [row] = await db
      .insert(healthRecord)
      .values(
        sealPersonRow(healthRecord, personId, {
          personId,
          detailsEnc: { condition: h.condition, icd10: h.icd10, note: h.note ?? null },
          severity: h.severity,
          preventsServing: h.preventsServing,
          recordedOn: h.recordedOn ?? null,
          sourceId: h.sourceId ?? null,
        }),
      )
      .returning({ id: healthRecord.id });
    // The fact only: severity and "prevents serving" are health values (an erased person's log must not keep them).
    await recordAudit(db, ctx.actor, { type: "health.recorded", targetType: "person", targetId: personId, detail: { healthRecordId: row!.id } }, ctx.now());
    return { id: row!.id };
  });
}

export const consentInput = z
  .object({
    publicity: z.enum(publicityConsents).nullish(),
    exchange: z.enum(exchangeConsents).nullish(),
    givenBy: z.string().trim().max(200).nullish(),
    givenOn: isoDate.nullish(),
    note: z.string().max(2000).nullish(),
    sourceId: z.uuid().nullish(),
  })
  .refine((c) => c.publicity || c.exchange, "give publicity or exchange consent (or both)");

export async function recordConsent(ctx: ServiceContext, personId: string, input: unknown) {
  const c = consentInput.parse(input);
  return tx(ctx, async (db) => {
    const before = await loadPersonFor(db, ctx, personId, "recordConsent");
    await db.insert(consentRecord).values(sealPersonRow(consentRecord, personId, { personId, publicity: c.publicity ?? null, exchange: c.exchange ?? null, givenBy: c.givenBy ?? null, givenOn: c.givenOn ?? null, note: c.note ?? null, sourceId: c.sourceId ?? null, recordedBy: actorUserId(ctx.actor) }));
    await repo.updatePersonRow(db, personId, { ...(c.publicity ? { publicityConsent: c.publicity } : {}), ...(c.exchange ? { exchangeConsent: c.exchange } : {}) });
    await recordAudit(db, ctx.actor, {
      type: "person.consentRecorded",
      targetType: "person",
      targetId: personId,
      detail: { publicity: c.publicity ? { from: before.publicityConsent, to: c.publicity } : undefined, exchange: c.exchange ? { from: before.exchangeConsent, to: c.exchange } : undefined },
    }, ctx.now());
  });
}

export async function consentHistory(ctx: ServiceContext, personId: string) {
  await loadPersonFor(ctx.db, ctx, personId, "read");
  return ctx.db.select().from(consentRecord).where(eq(consentRecord.personId, personId)).orderBy(desc(consentRecord.recordedAt));
}

export const rosfinInput = z.object({ listed: z.boolean(), listedOn: isoDate.nullish(), delistedOn: isoDate.nullish(), sourceId: z.uuid().nullish() });

export async function recordRosfinListing(ctx: ServiceContext, personId: string, input: unknown) {
  const r = rosfinInput.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "update");
    await db.insert(rosfinListing).values({ personId, listed: r.listed, listedOn: r.listedOn ?? null, delistedOn: r.delistedOn ?? null, sourceId: r.sourceId ?? null });
    await recordAudit(db, ctx.actor, { type: "person.rosfinRecorded", targetType: "person", targetId: personId, detail: { rosfinListing: r } }, ctx.now());
  });
}

export async function rosfinHistory(ctx: ServiceContext, personId: string) {
  await loadPersonFor(ctx.db, ctx, personId, "read");
  return ctx.db.select().from(rosfinListing).where(eq(rosfinListing.personId, personId)).orderBy(asc(rosfinListing.listedOn));
}

export const sourceInput = z.object({
  kind: z.enum(sourceKinds),
  title: z.string().trim().min(1).max(500),
  url: z.url({ protocol: /^https?$/ }).nullish(),
  reliability: z.enum(reliabilityGrades).default("F"),
  note: z.string().max(2000).nullish(),
});

export async function createSource(ctx: ServiceContext, input: unknown) {
  authorize(ctx.actor, "create", "source");
  const s = sourceInput.parse(input);
  return tx(ctx, async (db) => {
    const [row] = await db.insert(source).values({ ...s, url: s.url ?? null, note: s.note ?? null, organisationId: actorOrganisationId(ctx.actor) }).returning();
    await recordAudit(db, ctx.actor, { type: "source.created", targetType: "source", targetId: row!.id, detail: { created: { kind: s.kind, reliability: s.reliability } } }, ctx.now());
    return row!;
  });
}

export async function listSources(ctx: ServiceContext) {
  authorize(ctx.actor, "list", "source");
  return ctx.db.select().from(source).where(eq(source.organisationId, actorOrganisationId(ctx.actor))).orderBy(desc(source.createdAt)).limit(500);
}

export async function citeSource(ctx: ServiceContext, personId: string, input: unknown) {
  const c = z.object({ sourceId: z.uuid(), note: z.string().max(1000).nullish() }).parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "update");
    const [s] = await db.select().from(source).where(eq(source.id, c.sourceId));
    if (!s || s.organisationId !== actorOrganisationId(ctx.actor)) throw notFound("source");
    await db.insert(personSource).values(sealPersonRow(personSource, personId, { personId, sourceId: c.sourceId, note: c.note ?? null }));
    await recordAudit(db, ctx.actor, { type: "person.sourceCited", targetType: "person", targetId: personId, detail: { citedSource: c.sourceId } }, ctx.now());
  });
}

export async function sourcesOfPerson(ctx: ServiceContext, personId: string) {
  await loadPersonFor(ctx.db, ctx, personId, "read");
  return ctx.db
    .select({ id: source.id, kind: source.kind, title: source.title, url: source.url, reliability: source.reliability, note: personSource.note })
    .from(personSource)
    .innerJoin(source, eq(source.id, personSource.sourceId))
    .where(eq(personSource.personId, personId));
}

export const custodyHistoryInput = z.object({ facilityId: z.uuid(), fromDate: isoDate.nullish(), toDate: isoDate.nullish(), sourceId: z.uuid().nullish(), current: z.boolean().default(false) });

export async function recordCustody(ctx: ServiceContext, personId: string, input: unknown) {
  const c = custodyHistoryInput.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "update");
    const [f] = await db.select({ id: facility.id }).from(facility).where(eq(facility.id, c.facilityId));
    if (!f) throw notFound("facility");
    await db.insert(custodyHistory).values({ personId, facilityId: c.facilityId, fromDate: c.fromDate ?? null, toDate: c.toDate ?? null, sourceId: c.sourceId ?? null });
    if (c.current) await repo.updatePersonRow(db, personId, { currentFacilityId: c.facilityId });
    await recordAudit(db, ctx.actor, { type: "person.custodyRecorded", targetType: "person", targetId: personId, detail: { custody: { facilityId: c.facilityId, fromDate: c.fromDate, toDate: c.toDate, current: c.current } } }, ctx.now());
  });
}

export async function custodyHistoryOf(ctx: ServiceContext, personId: string) {
  await loadPersonFor(ctx.db, ctx, personId, "read");
  return ctx.db
    .select({ facilityId: facility.id, name: facility.name, region: facility.region, fromDate: custodyHistory.fromDate, toDate: custodyHistory.toDate })
    .from(custodyHistory)
    .innerJoin(facility, eq(facility.id, custodyHistory.facilityId))
    .where(eq(custodyHistory.personId, personId))
    .orderBy(asc(custodyHistory.fromDate));
}
