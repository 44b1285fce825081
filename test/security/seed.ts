import type { FastifyInstance } from "fastify";
import type { Role } from "../../src/db/schema/enums.js";
import { roles } from "../../src/db/schema/enums.js";
import { appeal, appealAttachment, appealEvent } from "../../src/db/schema/appeal.js";
import { priorityFacts, recognitionAssessment } from "../../src/db/schema/assessment.js";
import { custodyHistory } from "../../src/db/schema/case.js";
import { exchangeList, exchangeListRow, exchangeListSignOff, exchangeListVersion } from "../../src/db/schema/exchangeList.js";
import { consentRecord, genevaRecord, healthRecord, personSource, rosfinListing, source, statusEvent } from "../../src/db/schema/person.js";
import { facility } from "../../src/db/schema/facility.js";
import { official, officialCaseRole, officialLinkProposal, officialName, officialPosition, officialSource, officialsSetting, publicBody } from "../../src/db/schema/official.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { assignPerson, makeCase, makePerson, makeUser, signInHeaders } from "../helpers/factories.js";
import { sealOwnedRow, sealPersonRow } from "../../src/db/schema/sealed.js";

// A small registry touching every table the security tests know of: people with and without publicity
// consent, cases, health and Geneva records, appeals with attachments, an exchange list version. Tables added
// later are still covered by the generic parts of the tests (row counts, text columns), once rows exist.

export interface Seeded {
  users: Record<Role, Awaited<ReturnType<typeof makeUser>>>;
  headers: Record<Role, Record<string, string>>;
  /** Full publicity consent; assigned to the lawyer. */
  publicPerson: string;
  /** No publicity consent; not assigned to anyone. */
  privatePerson: string;
  appealId: string;
  listId: string;
}

export async function seedRegistry(rt: TestRuntime, app?: FastifyInstance): Promise<Seeded> {
  const db = rt.database.db;
  const users = {} as Seeded["users"];
  for (const r of roles) users[r] = await makeUser(rt, r);
  const [fac] = await db.insert(facility).values({ name: `ИК-${Math.floor(Math.random() * 1e6)} test`, region: "Vladimir", postalAddress: "600000 Vladimir", notes: "internal note" }).returning();
  const [src] = await db.insert(source).values({ organisationId: rt.organisationId, kind: "url", title: "OVD-Info", url: "https://example.org/x", note: "source note" }).returning();
  const pub = await makePerson(rt, { publicityConsent: "full", publicSummary: "public summary", facilityName: fac!.name } as never);
  const priv = await makePerson(rt, { primaryName: "Скрытый Иван Петрович", alternateNames: ["Ivan Skrytyi"], publicityConsent: "none" } as never);
  const admin = users.admin.user;
  const [body] = await db.insert(publicBody).values({ organisationId: rt.organisationId, name: "Мещанский районный суд", nameLatin: "Meshchansky court", kind: "court", region: "Moscow" }).returning();
  const [judge] = await db
    .insert(official)
    .values({ organisationId: rt.organisationId, primaryName: "Судьева Анна Петровна", nameLatin: "Sudieva Anna", birthDate: "1970-01-01", notes: "official notes", privateEnc: rt.cipher.sealJson({ homeAddress: "home", relatives: "relatives", phone: "phone" }) })
    .returning();
  await db.insert(officialName).values({ officialId: judge!.id, name: "Судьева А.П.", script: "cyrl" });
  await db.insert(officialPosition).values({ officialId: judge!.id, bodyId: body!.id, position: "судья", rank: "rank", region: "Moscow", fromDate: "2010-01-01", sourceId: src!.id });
  await db.insert(officialSource).values({ officialId: judge!.id, sourceId: src!.id, note: "official source note" });
  // The public officials page is on, so the crawl checks that it shows only consented cases.
  await db.insert(officialsSetting).values({ organisationId: rt.organisationId, publicPage: true });
  for (const p of [pub, priv]) {
    const c = await makeCase(rt, p.id, { summary: "case summary", judge: "judge name", caseNumber: "1-23/2024" });
    await db.insert(officialCaseRole).values({ officialId: judge!.id, caseId: c.id, role: "judge_first_instance", bodyId: body!.id, note: "role note", sourceId: src!.id });
    await db.insert(officialLinkProposal).values({ organisationId: rt.organisationId, caseId: c.id, field: "prosecutor", text: "прокурор Обвинителев И.И.", role: "prosecutor" });
    await db.insert(statusEvent).values(sealPersonRow(statusEvent, p.id, { personId: p.id, status: "in_colony" as const, note: "status note" }));
    await db.insert(healthRecord).values(sealPersonRow(healthRecord, p.id, { personId: p.id, severity: "severe" as const, preventsServing: false, detailsEnc: { condition: "diabetes", icd10: ["E10"] } }));
    await db.insert(genevaRecord).values(sealPersonRow(genevaRecord, p.id, { personId: p.id, dataEnc: { fatherName: "Pyotr", motherMaidenName: "Ivanova" } }));
    await db.insert(consentRecord).values(sealPersonRow(consentRecord, p.id, { personId: p.id, publicity: "full" as const, givenBy: "mother", note: "consent note" }));
    await db.insert(rosfinListing).values({ personId: p.id, listed: true });
    await db.insert(personSource).values(sealPersonRow(personSource, p.id, { personId: p.id, sourceId: src!.id, note: "person source note" }));
    await db.insert(custodyHistory).values({ personId: p.id, facilityId: fac!.id });
    await db.insert(priorityFacts).values(sealPersonRow(priorityFacts, p.id, { personId: p.id, minorChildren: 2, otherDependants: 0, pregnant: false, childrenUnder14: 0, soleCarer: false, conditions: [{ kind: "torture" as never, note: "condition note" }] }));
    await db.insert(recognitionAssessment).values({
      personId: p.id,
      authorId: admin.id,
      criteria: [{ criterion: "a", met: true, reasoning: "assessment reasoning", sources: [] }] as never,
      proposal: "recognised",
      summary: "assessment summary",
    });
  }
  await assignPerson(rt, pub.id, users.lawyer.user.id);
  const [ap] = await db
    .insert(appeal)
    .values({
      organisationId: rt.organisationId,
      language: "ru",
      channel: "web",
      heldName: "Скрытый Иван",
      heldWhere: "SIZO-1",
      contactEnc: rt.cipher.sealJson({ method: "phone", value: "+7 900 000 00 00", safetyNote: "call after 8pm" }),
      textEnc: rt.cipher.sealJson({ text: "my son was taken" }),
      linkedPersonId: priv.id,
      messageId: "<m1@example.org>",
    })
    .returning();
  await db.insert(appealEvent).values({ appealId: ap!.id, kind: "submitted", actorLabel: "anonymous", noteEnc: rt.cipher.seal("staff note") });
  await db.insert(appealAttachment).values({ appealId: ap!.id, filenameEnc: rt.cipher.seal("приговор_Скрытый.pdf"), contentType: "application/pdf", size: 3, contentEnc: rt.cipher.seal("AAAA") });
  const [list] = await db.insert(exchangeList).values({ organisationId: rt.organisationId, name: "List A", purpose: "list purpose", manualAdds: [priv.id], createdBy: admin.id }).returning();
  const [ver] = await db
    .insert(exchangeListVersion)
    .values({ listId: list!.id, version: 1, contentHash: "h", rowCount: 2, eligibleCount: 2, note: "version note", createdByLabel: "admin", createdAt: new Date(), asOf: "2026-12-06" })
    .returning();
  for (const [i, p] of [pub, priv].entries())
    await db.insert(exchangeListRow).values(
      sealOwnedRow(exchangeListRow, p.id, {
        versionId: ver!.id,
        position: i + 1,
        personId: p.id,
        personal: { nameCyrillic: p.primaryName, nameLatin: "Latin name", birthDate: "1961-07-08", articles: "207.3", facility: "IK-6", sentence: "7y", priority: null, received: null, match: null },
        category: "ru_political_prisoner",
        status: "in_colony",
        recognition: "recognised",
        eligible: true,
      }),
    );
  await db.insert(exchangeListSignOff).values({ versionId: ver!.id, userId: admin.id, userLabel: "admin", note: "sign note", signedAt: new Date() });
  const headers = {} as Seeded["headers"];
  if (app) for (const r of roles) headers[r] = await signInHeaders(app, users[r].email);
  return { users, headers, publicPerson: pub.id, privatePerson: priv.id, appealId: ap!.id, listId: list!.id };
}
