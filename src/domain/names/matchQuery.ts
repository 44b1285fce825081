import type { Sex } from "./givenNames.js";
import { preparePerson, type PersonEvidence, type PreparedPerson } from "./people.js";
import { respacedVariants } from "./respace.js";
import { queryKeys, type QueryKeys } from "./blockingKeys.js";

/**
 * One record prepared for lookups in several indexes (an import looks each row up in the registry and in the
 * rows of its own file): its parse, keys and spacing repairs are worked out once, when first needed. It is
 * the record's evidence too, and any index gives the same candidates for it as for that evidence.
 */
export class MatchQuery implements PersonEvidence {
  readonly names: string[];
  readonly birthDate: string | null;
  readonly region: string | null;
  readonly category: string | null;
  readonly sex: Sex | null;
  readonly person: PreparedPerson;
  private keys: QueryKeys | null = null;
  private respacedReading: { person: PreparedPerson; keys: QueryKeys } | null | undefined;

  constructor(evidence: PersonEvidence) {
    this.names = evidence.names;
    this.birthDate = evidence.birthDate ?? null;
    this.region = evidence.region ?? null;
    this.category = evidence.category ?? null;
    this.sex = evidence.sex ?? null;
    this.person = preparePerson(evidence);
  }

  get blockingKeys(): QueryKeys {
    return (this.keys ??= queryKeys(this.person));
  }

  /** The names read with a spacing typo undone, prepared (null when there is none). */
  get respaced(): { person: PreparedPerson; keys: QueryKeys } | null {
    if (this.respacedReading === undefined) {
      // From the parsed names (one per non-blank name, its words normalizeName's): the name is not split again.
      const variants = this.person.names.flatMap((p) => respacedVariants(p.input, p.tokens));
      const person = variants.length > 0 ? preparePerson({ birthDate: this.birthDate, region: this.region, category: this.category, sex: this.sex, names: variants }) : null;
      this.respacedReading = person ? { person, keys: queryKeys(person) } : null;
    }
    return this.respacedReading;
  }
}
