import { nameWords, readAppealText, type AppealFacts } from "../../domain/appeals/readText.js";
import { nameReadings } from "./morphology.js";

export type { AppealFacts } from "../../domain/appeals/readText.js";

/** What an appeal's running text says (people, birth dates, facility, articles, detention, sender's relation). */
export async function readAppeal(text: string, language: "ru" | "uk" | "en", now: Date = new Date()): Promise<AppealFacts> {
  const readings = await nameReadings(nameWords(text), language);
  return readAppealText(text, (w) => readings.get(w) ?? [], now);
}

export { letterText } from "../../domain/appeals/letter.js";

/**
 * A name typed in an oblique case ("Горинова Алексея") brought back to the nominative, for search; null when
 * the words are not a Cyrillic name or already read as the nominative.
 */
export async function nominativeOf(query: string): Promise<string | null> {
  const words = query.trim().split(/\s+/);
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^[\p{Script=Cyrillic}'’-]{2,}$/u.test(w))) return null;
  const text = words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join(" ");
  const language = /[іїєґ]/iu.test(text) ? "uk" : "ru";
  const person = (await readAppeal(text, language)).people[0];
  return person && person.case !== "nom" && person.span.text === text ? person.name : null;
}
