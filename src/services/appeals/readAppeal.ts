import { nameWords, readAppealText, type AppealFacts } from "../../domain/appeals/readText.js";
import { nameReadings } from "./morphology.js";
import type { AppealText } from "./input.js";

export type { AppealFacts } from "../../domain/appeals/readText.js";

/** What an appeal's running text says (people, birth dates, facility, articles, detention, sender's relation). */
export async function readAppeal(text: string, language: "ru" | "uk" | "en", now: Date = new Date()): Promise<AppealFacts> {
  const readings = await nameReadings(nameWords(text), language);
  return readAppealText(text, (w) => readings.get(w) ?? [], now);
}

/** The letter as one text, the way staff see it; the facts' spans point into this string. */
export function letterText(t: AppealText): string {
  return t.subject ? `${t.subject}\n\n${t.body}` : t.body;
}

/**
 * The "who is it about" fields of an appeal, from what its text says about the first person in it: triage can
 * then suggest registry people for a letter nobody has described yet. Staff confirm or correct them.
 */
export function heldFromFacts(f: AppealFacts): { heldName: string | null; heldBirthDate: string | null; heldWhere: string | null; heldArticle: string | null; heldSince: string | null } {
  const first = f.people[0];
  return {
    heldName: first?.name ?? null,
    heldBirthDate: first?.birthDate ?? null,
    heldWhere: f.facilities[0]?.value ?? null,
    heldArticle: f.articles.length ? [...new Set(f.articles.map((a) => a.value))].join(", ") : null,
    heldSince: f.detentionDate?.value ?? null,
  };
}
