export * from "./enums.js";
export * from "./organisation.js";
export * from "./facility.js";
export * from "./person.js";
export * from "./case.js";
export * from "./audit.js";
export * from "./exchangeList.js";
export * from "./appeal.js";
