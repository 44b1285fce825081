export * from "./types.js";
export * from "./decide.js";
