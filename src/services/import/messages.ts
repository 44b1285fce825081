import { t, type Locale, type MessageKey } from "../../i18n/index.js";

/** A message of the import report, rendered in the reader's language when shown (CLI, web). */
export interface ImportMessage {
  key: MessageKey;
  params: Record<string, string>;
}

export function renderMessage(locale: Locale, m: ImportMessage): string {
  return t(locale, m.key, m.params);
}

export function renderIssue(locale: Locale, i: { file: string; row: number; column: string; value: string; expected: ImportMessage }): string {
  const expected = renderMessage(locale, i.expected);
  return i.value === ""
    ? t(locale, "import.issueEmpty", { file: i.file, row: String(i.row), column: i.column, expected })
    : t(locale, "import.issue", { file: i.file, row: String(i.row), column: i.column, value: i.value, expected });
}

/** The CLI's language: --lang, else LC_ALL / LC_MESSAGES / LANG ("ru_RU.UTF-8" → ru), else English. */
export function localeFromEnv(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  for (const v of [explicit, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const tag = v?.split(/[._@]/)[0]?.toLowerCase();
    if (tag === "ru" || tag === "be" || tag === "kk") return "ru";
    if (tag === "uk" || tag === "ua") return "uk";
    if (tag === "en") return "en";
  }
  return "en";
}
