import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { getTableName, sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { roles, type Role } from "../../src/db/schema/enums.js";
import { allRoutes } from "../../src/http/routes/index.js";
import { ident, schemaTables, type TableInfo } from "../../src/security/schemaTables.js";
import { rowsOf } from "../../src/db/rows.js";
import { sealedTables } from "../../src/db/repositories/sealedValues.js";
import { openSealed, personIdOfSealed, sealFor, sealWithoutPerson } from "../../src/security/personKeys.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { idPools, urlsFor } from "./crawl.js";
import { seedRegistry, type Seeded } from "./seed.js";

// Canary test: every text column of every table (found in the Drizzle schema) gets a unique value, sealed
// columns get canaries inside their sealed JSON, then every GET route — public pages and the API — is crawled as
// anonymous and as each role with real ids. Each canary knows its column's level and the person its row belongs
// to; a response that carries a canary the caller may not see fails the test, naming route, role and column.

type Level = "public" | "limited" | "internal" | "sensitive" | "secret";

// Columns the public site and volunteers may show. Everything not listed is internal; *_enc columns are
// sensitive; credentials are secret (no role, ever). New tables are internal by default.
const PUBLIC = new Set([
  "person.primary_name", "person.home_region", "person.public_summary", "person.photo_url", "person.sentence_text", "person_name.name",
  "facility.name", "facility.name_latin", "facility.region", "facility.postal_address", "organisation.name",
  "case_article.article", "case_article.part", "case_article.paragraph", "criminal_case.court",
  "source.title", "source.url",
  // The optional public officials page (on in the seed): names and posts of officials, names of the bodies.
  "official.primary_name", "official.name_latin", "official_name.name", "official_position.position", "official_position.rank", "public_body.name",
  // How the occupied Ukrainian subdivisions are labelled: a display setting every page, public ones too, applies.
  "organisation.occupied_label",
]);
// The public site shows the home region of people with full publicity consent (as registries of political prisoners do).
// Volunteers read officials' names only (docs/officials.md); the bodies they serve in are named in public acts.
const LIMITED = new Set<string>(["public_body.name_latin", "public_body.region"]);
const SECRET = new Set(["app_user.password_hash", "app_user.totp_secret_enc", "app_user.totp_pending_enc", "user_invitation.token_hash", "appeal.code_hash", "held_appeal.status_hash", "held_appeal.message_key", "form_token_use.nonce_hash", "rate_count.key", "sign_in_backoff.key"]);
// Needed unchanged for the crawl itself (sessions, sign-in) or append-only by design (audit chain).
const SKIP = new Set(["user_session.token_hash", "user_session.csrf_token", "app_user.email", "organisation.slug"]);
const SKIP_TABLES = new Set(["audit_event"]);

function levelOf(table: string, col: string): Level {
  const k = `${table}.${col}`;
  if (SECRET.has(k)) return "secret";
  if (col.endsWith("_enc")) return "sensitive";
  if (PUBLIC.has(k)) return "public";
  if (LIMITED.has(k)) return "limited";
  return "internal";
}

interface Canary {
  where: string;
  level: Level;
  personId: string | null;
}

let rt: TestRuntime;
let app: FastifyInstance;
let seed: Seeded;
const canaries = new Map<string, Canary>();
let counter = 0;
const newCanary = (c: Canary) => {
  const v = `CNRY${(++counter).toString().padStart(5, "0")}Z`;
  canaries.set(v, c);
  return v;
};

/** SQL for the person a row belongs to: its own person_id, or one or two foreign-key hops away. */
function personExpr(t: TableInfo, tables: Map<string, TableInfo>, alias = "x", depth = 0): string | null {
  if (t.name === "person") return `${alias}.id`;
  const own = t.columns.find((c) => c.name === "person_id" || c.name === "linked_person_id");
  if (own) return `${alias}.${ident(own.name)}`;
  if (depth > 1) return null;
  for (const fk of getTableConfig(t.table).foreignKeys) {
    const ref = fk.reference();
    const parent = tables.get(getTableName(ref.foreignTable));
    if (!parent || parent === t || ref.columns.length !== 1) continue;
    const inner = personExpr(parent, tables, `p${depth}`, depth + 1);
    if (inner) return `(select ${inner} from ${ident(parent.name)} p${depth} where p${depth}.${ident(ref.foreignColumns[0]!.name)} = ${alias}.${ident(ref.columns[0]!.name)})`;
  }
  return null;
}

function canaryJson(value: unknown, mk: () => string): unknown {
  if (typeof value === "string") return mk();
  if (Array.isArray(value)) return value.map((v) => canaryJson(v, mk));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canaryJson(v, mk)]));
  return value;
}

async function plant(): Promise<void> {
  const db = rt.database.db;
  const all = await schemaTables();
  const byName = new Map(all.map((t) => [t.name, t]));
  const personSealed = new Set((await sealedTables()).flatMap((t) => t.columns.map((c) => `${t.name}.${c}`)));
  const personSealedJson = new Set((await sealedTables()).flatMap((t) => t.jsonColumns.map((c) => `${t.name}.${c}`)));
  // Sealed documents of strings (a frozen list row's names, birth date, articles…): canaries go inside.
  const sealedDocuments = new Set((await sealedTables()).flatMap((t) => [...t.fieldSealedColumns.filter((c) => t.jsonColumns.includes(c)), ...t.jsonColumns.filter((c) => c.endsWith("_enc"))].map((c) => `${t.name}.${c}`)));
  // Sealed text whose row may belong to no person yet (an appeal's held_*): under the person's key, or the field key.
  const ownedText = new Set((await sealedTables()).flatMap((t) => t.fieldSealedColumns.filter((c) => !t.jsonColumns.includes(c)).map((c) => `${t.name}.${c}`)));
  for (const t of all) {
    if (SKIP_TABLES.has(t.name)) continue;
    const cols = t.columns.filter((c) => c.isText && !SKIP.has(`${t.name}.${c.name}`));
    if (!cols.length) continue;
    const pexpr = personExpr(t, byName) ?? "null";
    const rows = rowsOf<Record<string, string | null>>(
      await db.execute(sql.raw(`select x.ctid::text as __rid, (${pexpr})::text as __pid, ${cols.map((c) => `x.${ident(c.name)}`).join(", ")} from ${ident(t.name)} x`)),
    );
    if (!rows.length) continue;
    await db.execute(sql.raw(`alter table ${ident(t.name)} disable trigger user`));
    for (const r of rows) {
      const sets: string[] = [];
      for (const c of cols) {
        const info: Canary = { where: `${t.name}.${c.name}`, level: levelOf(t.name, c.name), personId: r.__pid ?? null };
        let v: string;
        const old = r[c.name];
        if (t.encColumns.includes(c.name)) {
          if (old == null) continue;
          // A linked appeal's values are under the person's key (src/services/appeals/appealSeal.ts).
          const owner = personIdOfSealed(old);
          const plain = owner ? openSealed(old) : rt.cipher.open(old);
          let parsed: unknown;
          try {
            parsed = JSON.parse(plain);
          } catch {
            parsed = undefined;
          }
          const planted = parsed !== undefined && typeof parsed === "object" ? JSON.stringify(canaryJson(parsed, () => newCanary(info))) : newCanary(info);
          v = owner ? sealFor(owner, planted) : rt.cipher.seal(planted);
        } else if (ownedText.has(`${t.name}.${c.name}`)) {
          if (old == null) continue;
          v = r.__pid ? sealFor(r.__pid, newCanary(info)) : sealWithoutPerson(newCanary(info));
        } else if (sealedDocuments.has(`${t.name}.${c.name}`) && old != null && r.__pid) {
          const doc = JSON.parse(openSealed(old)) as unknown;
          v = sealFor(r.__pid, JSON.stringify(doc !== null && typeof doc === "object" ? canaryJson(doc, () => newCanary(info)) : newCanary(info)));
        } else if (personSealedJson.has(`${t.name}.${c.name}`)) {
          // A sealed severity, flag, count or list: the app parses it as such, so it keeps its value.
          continue;
        } else if (personSealed.has(`${t.name}.${c.name}`)) {
          // Sealed under the person's own key (names, case texts, notes): the canary goes in sealed, as the app writes it.
          if (old == null) continue;
          v = sealFor(r.__pid!, newCanary(info));
        } else v = newCanary(info);
        sets.push(`${ident(c.name)} = '${v.replace(/'/g, "''")}'`);
      }
      if (sets.length) await db.execute(sql.raw(`update ${ident(t.name)} set ${sets.join(", ")} where ctid = '${r.__rid}'::tid`));
    }
    await db.execute(sql.raw(`alter table ${ident(t.name)} enable trigger user`));
  }
}

type Who = Role | "anonymous";
const ALLOWED: Record<Who, Level[]> = {
  anonymous: ["public"],
  volunteer: ["public", "limited"],
  researcher: ["public", "limited", "internal"],
  lawyer: ["public", "limited", "internal", "sensitive"],
  coordinator: ["public", "limited", "internal", "sensitive"],
  admin: ["public", "limited", "internal", "sensitive"],
};

function maySee(who: Who, c: Canary): boolean {
  if (!ALLOWED[who].includes(c.level)) return false;
  // Anonymous visitors see only people with full publicity consent; lawyers only people assigned to them.
  if (who === "anonymous" || who === "lawyer") return c.personId === null || c.personId === seed.publicPerson;
  return true;
}

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  seed = await seedRegistry(rt, app);
  await plant();
}, 180_000);

describe("canary: nothing reaches a caller who may not see it", () => {
  it("plants canaries in every text column of every table with rows", async () => {
    const where = new Set([...canaries.values()].map((c) => c.where));
    for (const w of ["person.primary_name", "person_name.name", "appeal.held_name", "appeal.contact_enc", "health_record.details_enc", "geneva_record.data_enc", "criminal_case.judge", "official.private_enc", "official_case_role.note", "exchange_list_row.personal", "app_user.password_hash"])
      expect(where, w).toContain(w);
  });

  it("crawls every GET route (public pages and API) as anonymous and as each role", async () => {
    const pools = await idPools(rt.database.db);
    const leaks: string[] = [];
    const seen = new Set<string>();
    let requests = 0;
    const routes = allRoutes().filter((r) => r.method === "GET");
    const who: Who[] = ["anonymous", ...roles];
    for (const route of routes) {
      const urls = urlsFor(route, pools, { queries: [{}, { limit: "500" }, { q: "CNRY" }, { q: "CNRY", limit: "500" }] });
      for (const w of who) {
        const headers = w === "anonymous" ? {} : seed.headers[w];
        for (const url of urls) {
          const res = await app.inject({ method: "GET", url, headers, remoteAddress: `198.18.0.${(requests++ % 250) + 1}` });
          for (const m of res.body.matchAll(/CNRY\d{5}Z/g)) {
            const c = canaries.get(m[0]);
            if (!c) continue;
            seen.add(c.where);
            if (!maySee(w, c)) leaks.push(`${w} GET ${url} → ${res.statusCode} shows ${c.where} (${c.level}${c.personId === seed.privatePerson ? ", unassigned/non-public person" : ""})`);
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(100);
    // The crawl must actually reach data (otherwise a broken crawler would pass silently).
    expect([...seen]).toEqual(expect.arrayContaining(["person.primary_name", "health_record.details_enc", "official.primary_name", "official.private_enc", "official_case_role.note"]));
    expect([...new Set(leaks)]).toEqual([]);
  }, 600_000);
});
