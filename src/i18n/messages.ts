// The shape of one area's message file. Kept apart from index.ts so area files (public.ts, appeal.ts, web.ts)
// can import it without a cycle through the catalogue that imports them.

export const locales = ["en", "ru", "uk"] as const;
export type Locale = (typeof locales)[number];

/**
 * A message is a string with `{name}` placeholders, or plural forms chosen by `params.count` through
 * Intl.PluralRules (Russian and Ukrainian need one/few/many; English one/other). `other` is required
 * because every locale falls back to it.
 */
export type PluralMessage = { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };
export type Message = string | PluralMessage;

export type AreaMessages<K extends string> = { [L in Locale]: Record<K, Message> };

/**
 * Declare an area's messages. K is inferred from all three objects together, so a key missing from any
 * locale (or present in only one) is a compile error; the i18n test checks the same at run time.
 * Convention: every key starts with its area's prefix ("public.", "appeal.", "web.") so areas never collide;
 * the i18n test fails if two areas define the same key.
 */
export function defineMessages<K extends string>(m: AreaMessages<K>): AreaMessages<K> {
  return m;
}
