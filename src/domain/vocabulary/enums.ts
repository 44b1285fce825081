// The registry's enumerations: plain values and types, shared by the database schema (src/db/schema/enums.ts turns
// them into PostgreSQL enums), the services, the public pages and the staff app's browser bundle, which must not
// pull in drizzle. Add a value here; the schema and a migration follow.

// Keeping these categories apart is the point of the registry: exchange lists get inflated by mixing them.
export const personCategories = [
  "ru_political_prisoner",
  "ua_civilian_hostage",
  "ua_pow",
  "ua_serviceman_convicted",
  "ru_persecuted_not_detained",
  "held_in_ukraine",
  "other",
] as const;
export type PersonCategory = (typeof personCategories)[number];

export const personStatuses = [
  "detained",
  "under_investigation",
  "on_trial",
  "sentenced",
  "in_transit",
  "in_colony",
  "released",
  "exchanged",
  "pardoned",
  "deceased",
  "unknown",
] as const;
export type PersonStatus = (typeof personStatuses)[number];
/** Statuses of people still deprived of liberty. */
export const HELD_STATUSES: PersonStatus[] = ["detained", "under_investigation", "on_trial", "sentenced", "in_transit", "in_colony"];
/** Statuses that end custody through release, exchange or pardon. */
export const FREED_STATUSES: PersonStatus[] = ["released", "exchanged", "pardoned"];

export const sexes = ["male", "female", "unknown"] as const;
export type Sex = (typeof sexes)[number];

export const scripts = ["cyrl", "latn", "other"] as const;
export type Script = (typeof scripts)[number];

export const publicityConsents = ["none", "anonymised", "full"] as const;
export type PublicityConsent = (typeof publicityConsents)[number];

export const exchangeConsents = ["unknown", "consents", "refuses"] as const;
export type ExchangeConsent = (typeof exchangeConsents)[number];

export const sentenceRegimes = ["general", "strict", "special", "colony_settlement", "prison", "educational"] as const;
export type SentenceRegime = (typeof sentenceRegimes)[number];

export const custodyKinds = ["sizo", "house_arrest", "ban_on_actions"] as const;
export type CustodyKind = (typeof custodyKinds)[number];

export const legalCodes = ["RU_CC", "RU_CAO", "UA_CC", "other"] as const;
export type LegalCode = (typeof legalCodes)[number];

export const facilityKinds = ["colony", "sizo", "prison", "colony_settlement", "medical", "temporary_detention", "unofficial", "other"] as const;
export type FacilityKind = (typeof facilityKinds)[number];

export const sourceKinds = ["url", "document", "person", "court_record", "media", "other"] as const;
export type SourceKind = (typeof sourceKinds)[number];

// Admiralty-style reliability grade: A completely reliable … F cannot be judged.
export const reliabilityGrades = ["A", "B", "C", "D", "E", "F"] as const;
export type ReliabilityGrade = (typeof reliabilityGrades)[number];

export const healthSeverities = ["none", "mild", "moderate", "severe", "critical"] as const;
export type HealthSeverity = (typeof healthSeverities)[number];

export const roles = ["admin", "coordinator", "researcher", "lawyer", "volunteer"] as const;
export type Role = (typeof roles)[number];
