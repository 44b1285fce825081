/** Name matching across scripts and transliterations: the public API. */
export { compareNames } from "./compare.js";
export { comparePeople, comparePrepared, preparePerson, parseBirthDate } from "./people.js";
export type { PersonEvidence, PreparedPerson, BirthDate } from "./people.js";
export { MatchIndex, MatchQuery, nameSearchKeys, resolveCandidates, AMBIGUITY_MARGIN, SURNAME_BLOCK_LIMIT } from "./blocking.js";
export type { Candidate, IndexedPerson, MatchIndexState, Resolution } from "./blocking.js";
export { MATCH_THRESHOLD, POSSIBLE_THRESHOLD, verdictFor } from "./score.js";
export type { MatchResult, Verdict } from "./score.js";
export { parseName, describeStructure } from "./parse.js";
export type { ParsedName, ParsedToken, Role } from "./parse.js";
export { normalizeName } from "./normalize.js";
export { transliterate, transliterations, toCyrillic, skeleton, STANDARDS, STANDARD_LABELS } from "./transliterate.js";
export type { Standard } from "./transliterate.js";
export type { Sex } from "./givenNames.js";
