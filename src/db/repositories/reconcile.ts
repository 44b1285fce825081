import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.js";
import { person, personName } from "../schema/person.js";

/** What reconciliation needs of each registered person: identity, evidence for the matcher, status. */
export async function registryForMatching(db: Db, organisationId: string) {
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
    .where(eq(person.organisationId, organisationId))
    .orderBy(asc(person.id));
  const names = await db
    .select({ personId: personName.personId, name: personName.name })
    .from(personName)
    .innerJoin(person, eq(person.id, personName.personId))
    .where(eq(person.organisationId, organisationId));
  return { people, names };
}
