export * from "./types.js";
export * from "./dates.js";
export * from "./holidays.js";
export * from "./articles.js";
export { RULES, HOUSE_ARREST_2_1_FROM, BAN_ON_ACTIONS_FROM } from "./rules.js";
export { computeReleaseDate } from "./compute.js";
export { ReleaseInputError } from "./sentence.js";
export { ruleCite } from "./format.js";
export * from "./explain.js";
