import { readFileSync } from "node:fs";

// A validator of FollowTheMoney entities against test/fixtures/ftm-schema.json (properties copied from the
// followthemoney repository's schema YAML): schema known and not abstract, every property defined on the schema
// or an ancestor, values strings of the property's type, required properties present, every entity reference
// pointing to an exported entity of the property's range (or a descendant of it), ids unique.

interface SchemaDef {
  abstract?: boolean;
  extends: string[];
  required?: string[];
  properties: Record<string, { type: string; range?: string }>;
}

const SCHEMA = JSON.parse(readFileSync(new URL("../fixtures/ftm-schema.json", import.meta.url), "utf8")) as Record<string, SchemaDef | string>;
const schemata = Object.fromEntries(Object.entries(SCHEMA).filter(([k]) => !k.startsWith("_"))) as Record<string, SchemaDef>;

function ancestors(name: string): string[] {
  const s = schemata[name];
  if (!s) return [];
  return [name, ...s.extends.flatMap(ancestors)];
}

function propertyOf(schema: string, prop: string) {
  for (const a of ancestors(schema)) {
    const p = schemata[a]!.properties[prop];
    if (p) return p;
  }
  return undefined;
}

const TYPE_CHECKS: Record<string, (v: string) => boolean> = {
  date: (v) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v),
  country: (v) => /^[a-z]{2}(-[a-z0-9]+)?$/.test(v),
  url: (v) => /^https?:\/\/\S+$/.test(v),
  identifier: (v) => v.trim().length > 0,
};

export interface FtmLike {
  id: string;
  schema: string;
  properties: Record<string, unknown>;
}

export function validateFtm(entities: readonly FtmLike[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, FtmLike>();
  for (const e of entities) {
    if (byId.has(e.id)) problems.push(`${e.id}: id used twice`);
    byId.set(e.id, e);
  }
  for (const e of entities) {
    const s = schemata[e.schema];
    if (!s) {
      problems.push(`${e.id}: unknown schema ${e.schema}`);
      continue;
    }
    if (s.abstract) problems.push(`${e.id}: schema ${e.schema} is abstract`);
    const required = ancestors(e.schema).flatMap((a) => (a === e.schema ? (schemata[a]!.required ?? []) : []));
    for (const r of required) if (!Array.isArray(e.properties[r]) || !(e.properties[r] as unknown[]).length) problems.push(`${e.id} (${e.schema}): required property ${r} missing`);
    for (const [k, vs] of Object.entries(e.properties)) {
      const p = propertyOf(e.schema, k);
      if (!p) {
        problems.push(`${e.id} (${e.schema}): no property "${k}" on the schema`);
        continue;
      }
      if (!Array.isArray(vs) || !vs.length || vs.some((v) => typeof v !== "string" || v === "")) {
        problems.push(`${e.id} (${e.schema}).${k}: expected a non-empty list of strings`);
        continue;
      }
      for (const v of vs as string[]) {
        if (p.type === "entity") {
          const target = byId.get(v);
          if (!target) problems.push(`${e.id} (${e.schema}).${k} → ${v}: not an exported entity`);
          else if (p.range && !ancestors(target.schema).includes(p.range)) problems.push(`${e.id} (${e.schema}).${k} → ${target.schema}: outside the range ${p.range}`);
        } else if (TYPE_CHECKS[p.type] && !TYPE_CHECKS[p.type]!(v)) problems.push(`${e.id} (${e.schema}).${k}: "${v}" is not a ${p.type}`);
      }
    }
  }
  return problems;
}
