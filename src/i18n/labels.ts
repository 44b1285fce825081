// Labels for the registry's enumerations. The template-literal keys make a new enum value without a
// translation a compile error here rather than a raw key on a page.
import type { FacilityKind, LegalCode, PersonCategory, PersonStatus, SentenceRegime, Sex } from "../domain/vocabulary/enums.js";
import { t, type Locale } from "./index.js";

export const categoryLabel = (l: Locale, v: PersonCategory): string => t(l, `common.category.${v}`);
export const statusLabel = (l: Locale, v: PersonStatus): string => t(l, `common.status.${v}`);
export const regimeLabel = (l: Locale, v: SentenceRegime): string => t(l, `common.regime.${v}`);
export const facilityKindLabel = (l: Locale, v: FacilityKind): string => t(l, `common.facilityKind.${v}`);
export const sexLabel = (l: Locale, v: Sex): string => t(l, `common.sex.${v}`);
export const codeLabel = (l: Locale, v: LegalCode): string => t(l, `common.code.${v}`);

/** "ч. 2 ст. 207.3 УК РФ" / "Art. 207.3 part 2, Russian Criminal Code". */
export function articleLabel(l: Locale, a: { code: LegalCode; article: string; part?: string | null }): string {
  const code = codeLabel(l, a.code);
  return a.part ? t(l, "common.articlePart", { article: a.article, part: a.part, code }) : t(l, "common.article", { article: a.article, code });
}
