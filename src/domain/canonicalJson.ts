/**
 * Stable JSON: keys sorted, so a hash does not depend on jsonb's key order (the audit chain, an import row's
 * content key). Built in one pass without intermediate arrays: a re-import keys every row and every row
 * waiting for review with it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJson(value[i]);
    return out + "]";
  }
  const o = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(o).sort();
  let out = "{";
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    out += (out.length > 1 ? "," : "") + JSON.stringify(k) + ":" + canonicalJson(v);
  }
  return out + "}";
}
