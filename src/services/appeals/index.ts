/** Appeals from families: the public form, mail import, triage. */
export { submitAppeal, appealStatusByCode, issueAppealFormToken, AppealRefused } from "./submit.js";
export type { SubmittedAppeal, SubmitRefusal, AppealStatusView, PublicAppealStatus } from "./submit.js";
export { holdAppeal, commitHeldAppeals, runAppealIntake, appealMessageSeen } from "./hold.js";
export type { HeldAppealPayload, HoldOptions, HoldResult } from "./hold.js";
export { importMailFile, importMailMessages, MAX_ATTACHMENT_BYTES } from "./importMail.js";
export type { MailImportResult } from "./importMail.js";
export { listAppealQueue, getAppeal, readAppealAttachment } from "./triage.js";
export type { AppealDetail, AppealQueueItem } from "./triage.js";
export { suggestAppealMatches, suggestionsForRows } from "./suggest.js";
export type { AppealSuggestions, PersonSuggestion, DuplicateSuggestion } from "./suggest.js";
export {
  startReview,
  updateAppealDetails,
  linkAppealToPerson,
  createPersonFromAppeal,
  mergeAppeals,
  requestAppealInfo,
  assignAppealLawyer,
  listAssignableLawyers,
  closeAppeal,
} from "./actions.js";
export { generateAppealCode, normaliseAppealCode, CODE_BITS, WORDLIST } from "./code.js";
export { FORM_LIMITS, contactMethods, publicAppealInput } from "./input.js";
export type { PublicAppealInput, AppealContact, AppealText } from "./input.js";
