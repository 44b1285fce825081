/** `%text%` for ILIKE with the user's own `%`, `_` and `\` taken literally (a search for "%" must not match everyone). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
