export * from "./types.js";
export * from "./dates.js";
export * from "./holidays.js";
export * from "./articles.js";
export { RULES, HOUSE_ARREST_2_1_FROM, BAN_ON_ACTIONS_FROM } from "./rules.js";
export { computeReleaseDate, ReleaseInputError, ruleCite } from "./compute.js";
