import { and, asc, eq } from "drizzle-orm";
import { anyOf } from "./bulk.js";
import type { Db } from "../client.js";
import { person, personName } from "../schema/person.js";

/**
 * What reconciliation needs of each registered person: identity, evidence for the matcher, status. `ids`: only
 * these people (an import's late check, src/services/import/lateComers.ts).
 */
export async function registryForMatching(db: Db, organisationId: string, ids?: string[]) {
  const ofOrganisation = ids ? and(eq(person.organisationId, organisationId), anyOf(person.id, ids)) : eq(person.organisationId, organisationId);
  const people = await db
    .select({
      id: person.id,
      externalId: person.externalId,
      primaryName: person.primaryName,
      birthDate: person.birthDate,
      birthYear: person.birthYear,
      region: person.homeRegion,
      category: person.category,
      status: person.status,
      sex: person.sex,
    })
    .from(person)
    .where(ofOrganisation)
    .orderBy(asc(person.id));
  const names = await db
    .select({ personId: personName.personId, name: personName.name })
    .from(personName)
    .innerJoin(person, eq(person.id, personName.personId))
    .where(ofOrganisation);
  return { people, names };
}
