import { createHash } from "node:crypto";
import { canonicalJson } from "../../domain/canonicalJson.js";
import type { PersonDraft } from "./draft.js";

/** A row's content, whatever file or row number it came in (its note left out): finds a row already waiting for review. */
export const contentKeyOf = (draft: PersonDraft): string => createHash("sha256").update(canonicalJson({ ...draft, note: null })).digest("base64url");
