// HTML building without a template engine: every interpolation is escaped unless it is already SafeHtml.
// The public site shows names and summaries typed by staff and imported from spreadsheets; none of it is trusted.

/** Markup that has been escaped or built by `html`; the only thing `html` inserts verbatim. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => entities[c]!);
}

/** Mark a string as trusted markup. Only for constants and output of this module — never for data. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false || v === true) return "";
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return (v as readonly HtmlValue[]).map(render).join("");
  return esc(v);
}

/**
 * Tagged template: html`<p>${name}</p>` escapes `name`; nested html`` fragments and arrays of them are inserted
 * as they are; null/undefined/booleans render as nothing, so `${cond && html`…`}` works.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Join fragments with a separator (itself escaped unless SafeHtml). */
export function join(items: readonly HtmlValue[], sep: HtmlValue = ""): SafeHtml {
  return new SafeHtml(items.map(render).join(render(sep)));
}
