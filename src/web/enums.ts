// The registry's enumerations for the staff app, from the shared vocabulary (src/domain/vocabulary), never from the
// database schema, which would pull drizzle into the browser bundle.
export {
  personCategories as categories,
  personStatuses as statuses,
  sexes,
  publicityConsents,
  exchangeConsents,
  sentenceRegimes as regimes,
  custodyKinds,
  legalCodes,
} from "../domain/vocabulary/enums.js";

/** Statuses that mean the person is free (or beyond help): drawn apart in charts. */
export const freedStatuses = new Set<string>(["released", "exchanged", "pardoned"]);
