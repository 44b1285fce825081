import { createHash } from "node:crypto";
import type { ExportOfficial } from "./officialExportModel.js";

// FollowTheMoney entities (https://followthemoney.tech) for sanctions teams and partners' tools (Aleph, yente,
// OpenSanctions). Schemata and property names follow the followthemoney repository's schema YAML files
// (Person, PublicBody, Position, Occupancy, CourtCase, CourtCaseParty); test/fixtures/ftm-schema.json holds the
// properties used here and the export test checks every entity against it. Every value is a list of strings.

export interface FtmEntity {
  id: string;
  schema: "Person" | "PublicBody" | "Position" | "Occupancy" | "CourtCase" | "CourtCaseParty";
  properties: Record<string, string[]>;
}

export const ROLE_LABELS: Record<string, string> = {
  investigator: "investigator",
  investigation_head: "head of the investigation team",
  prosecutor: "prosecutor",
  judge_first_instance: "judge (first instance)",
  judge_appeal: "judge (appeal)",
  judge_cassation: "judge (cassation)",
  expert: "expert",
  colony_head: "colony head",
  other: "other",
};

/**
 * Stable ids: the same record gets the same id in every export of this installation (a hash of the organisation,
 * the kind and the record's own key), so partners can update their copy; no internal id is revealed.
 */
export function ftmId(organisationId: string, kind: string, key: string): string {
  return `aff-${kind}-${createHash("sha256").update(`${organisationId}:${kind}:${key}`).digest("hex").slice(0, 24)}`;
}

const INVENTED = "Invented record (demo data): not a real person.";

function props(p: Record<string, (string | null | undefined)[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, vs] of Object.entries(p)) {
    const clean = [...new Set(vs.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim()))];
    if (clean.length) out[k] = clean;
  }
  return out;
}

/** The entities of a set of officials, each once, in a stable order (officials, bodies, posts, cases, parties). */
export function toFtm(organisationId: string, officials: readonly ExportOfficial[]): FtmEntity[] {
  const id = (kind: string, key: string) => ftmId(organisationId, kind, key);
  const out = new Map<string, FtmEntity>();
  const put = (e: FtmEntity) => {
    if (!out.has(e.id)) out.set(e.id, e);
  };
  const body = (b: NonNullable<ExportOfficial["positions"][number]["body"]>) => {
    const bid = id("body", b.id);
    put({ id: bid, schema: "PublicBody", properties: props({ name: [b.name], alias: [b.nameLatin], country: ["ru"] }) });
    return bid;
  };
  for (const o of officials) {
    const pid = id("official", o.id);
    put({
      id: pid,
      schema: "Person",
      properties: props({
        name: [o.primaryName],
        alias: [o.nameLatin, ...o.alternateNames],
        birthDate: [o.birthDate],
        position: o.positions.map((p) => [p.rank, p.position, p.body?.name].filter(Boolean).join(", ")),
        country: ["ru"],
        sourceUrl: o.sources.map((s) => s.url),
        summary: [o.isDemo ? INVENTED : null],
      }),
    });
    for (const p of o.positions) {
      const orgId = p.body ? body(p.body) : null;
      const postId = id("position", `${p.body?.id ?? "-"}:${p.position.toLowerCase()}`);
      put({
        id: postId,
        schema: "Position",
        properties: props({ name: [p.body ? `${p.position}, ${p.body.name}` : p.position], organization: [orgId], subnationalArea: [p.region ?? p.body?.region], country: ["ru"] }),
      });
      put({ id: id("occupancy", p.id), schema: "Occupancy", properties: props({ holder: [pid], post: [postId], startDate: [p.fromDate], endDate: [p.toDate], sourceUrl: [p.sourceUrl] }) });
    }
    for (const r of o.roles) {
      const c = r.case;
      const caseId = id("case", c.caseId);
      const label = c.victimName ? `Уголовное дело: ${c.victimName}` : `Уголовное дело${c.caseNumber ? ` № ${c.caseNumber}` : ""}${c.articles.length ? ` (${c.articles.join("; ")})` : ""}`;
      put({
        id: caseId,
        schema: "CourtCase",
        properties: props({
          name: [label],
          caseNumber: [c.caseNumber],
          court: [c.court],
          fileDate: [c.chargedOn],
          closeDate: [c.verdictOn],
          category: c.articles,
          description: [c.sentence ? `Sentence: ${c.sentence}` : null],
          country: ["ru"],
          summary: [c.victimIsDemo ? "Invented case (demo data)." : null],
        }),
      });
      if (c.victimId && c.victimName) {
        const vid = id("person", c.victimId);
        put({ id: vid, schema: "Person", properties: props({ name: [c.victimName], summary: [c.victimIsDemo ? INVENTED : null] }) });
        put({ id: id("party", `${c.caseId}:defendant`), schema: "CourtCaseParty", properties: props({ party: [vid], case: [caseId], role: ["defendant"] }) });
      }
      if (r.body) body(r.body);
      put({ id: id("party", r.id), schema: "CourtCaseParty", properties: props({ party: [pid], case: [caseId], role: [ROLE_LABELS[r.role] ?? r.role], startDate: [r.fromDate], endDate: [r.toDate] }) });
    }
  }
  const order = ["Person", "PublicBody", "Position", "Occupancy", "CourtCase", "CourtCaseParty"];
  return [...out.values()].sort((a, b) => order.indexOf(a.schema) - order.indexOf(b.schema) || a.id.localeCompare(b.id));
}

/** JSON lines, one entity per line, the format `ftm` tools read (`ftm validate`, `ftm store write`). */
export function renderFtm(entities: readonly FtmEntity[]): Buffer {
  return Buffer.from(entities.map((e) => JSON.stringify(e)).join("\n") + (entities.length ? "\n" : ""), "utf8");
}
