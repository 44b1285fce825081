export * from "./weights.js";
export * from "./icd10.js";
export * from "./compute.js";
export * from "./explain.js";
