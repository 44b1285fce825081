import type { PersonCategory, PersonStatus, PublicityConsent, ExchangeConsent, SentenceRegime, Sex, CustodyKind, LegalCode } from "../db/schema/enums.js";

// The registry's enumerations, repeated here so the browser bundle does not pull in the database schema
// (drizzle). `satisfies` keeps each list in step with the schema's type: a value removed there fails here.
export const categories = ["ru_political_prisoner", "ua_civilian_hostage", "ua_pow", "ua_serviceman_convicted", "ru_persecuted_not_detained", "held_in_ukraine", "other"] as const satisfies readonly PersonCategory[];
export const statuses = ["detained", "under_investigation", "on_trial", "sentenced", "in_transit", "in_colony", "released", "exchanged", "pardoned", "deceased", "unknown"] as const satisfies readonly PersonStatus[];
export const sexes = ["male", "female", "unknown"] as const satisfies readonly Sex[];
export const publicityConsents = ["none", "anonymised", "full"] as const satisfies readonly PublicityConsent[];
export const exchangeConsents = ["unknown", "consents", "refuses"] as const satisfies readonly ExchangeConsent[];
export const regimes = ["general", "strict", "special", "colony_settlement", "prison", "educational"] as const satisfies readonly SentenceRegime[];
export const custodyKinds = ["sizo", "house_arrest", "ban_on_actions"] as const satisfies readonly CustodyKind[];
export const legalCodes = ["RU_CC", "RU_CAO", "UA_CC", "other"] as const satisfies readonly LegalCode[];

/** Statuses that mean the person is free (or beyond help): drawn apart in charts. */
export const freedStatuses = new Set<string>(["released", "exchanged", "pardoned"]);
