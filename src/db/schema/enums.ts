import { pgEnum } from "drizzle-orm/pg-core";
import {
  personCategories,
  personStatuses,
  sexes,
  scripts,
  publicityConsents,
  exchangeConsents,
  sentenceRegimes,
  custodyKinds,
  legalCodes,
  facilityKinds,
  sourceKinds,
  reliabilityGrades,
  healthSeverities,
  roles,
} from "../../domain/vocabulary/enums.js";

// The values live in src/domain/vocabulary/enums.ts (the browser bundle imports them from there); here they become
// PostgreSQL enums. Re-exported so that existing imports of this module keep working.
export * from "../../domain/vocabulary/enums.js";

export const personCategory = pgEnum("person_category", personCategories);
export const personStatus = pgEnum("person_status", personStatuses);
export const sex = pgEnum("sex", sexes);
export const script = pgEnum("script", scripts);
export const publicityConsent = pgEnum("publicity_consent", publicityConsents);
export const exchangeConsent = pgEnum("exchange_consent", exchangeConsents);
export const sentenceRegime = pgEnum("sentence_regime", sentenceRegimes);
export const custodyKind = pgEnum("custody_kind", custodyKinds);
export const legalCode = pgEnum("legal_code", legalCodes);
export const facilityKind = pgEnum("facility_kind", facilityKinds);
export const sourceKind = pgEnum("source_kind", sourceKinds);
export const reliabilityGrade = pgEnum("reliability_grade", reliabilityGrades);
export const healthSeverity = pgEnum("health_severity", healthSeverities);
export const role = pgEnum("user_role", roles);
