/**
 * An appeal's letter as one text — subject, blank line, body — the way staff see it. The reader's fact spans
 * point into this string, so the staff app and the reader must build it the same way: both call this.
 */
export function letterText(t: { subject?: string | null; body: string }): string {
  return t.subject ? `${t.subject}\n\n${t.body}` : t.body;
}
