import { formatDuration, type Locale } from "../i18n/index.js";
import type { CaseView } from "./types.js";

/** "7 years 6 months, general regime colony"; empty when no sentence is recorded. */
export function sentenceText(locale: Locale, c: CaseView, regimeLabel: (r: string) => string): string {
  const d = formatDuration(locale, c.sentence);
  if (!d) return "";
  return c.sentence.regime ? `${d}, ${regimeLabel(c.sentence.regime)}` : d;
}
