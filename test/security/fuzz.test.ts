import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import pino from "pino";
import { z } from "zod";
import { allRoutes } from "../../src/http/routes/index.js";
import type { AnyRoute } from "../../src/http/route.js";
import { ident, schemaTables } from "../../src/security/schemaTables.js";
import { rowsOf } from "../../src/db/rows.js";
import { importPeople } from "../../src/services/import/importPeople.js";
import { importMailMessages } from "../../src/services/appeals/importMail.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { commitAppealsNow } from "../helpers/appeals.js";
import { idPools, type IdPools } from "./crawl.js";
import { seedRegistry, type Seeded } from "./seed.js";

// Fuzzing with a seeded PRNG (FUZZ_SEED=n to reproduce or vary): thousands of malformed bodies, queries and
// path parameters into every route of the route table, and malformed files into the importers. Every answer
// must be a clear 4xx (or a success), never a 5xx; after every rejected request the row count of every table
// is unchanged, so nothing was stored half-way.

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 40);

function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

const NASTY = [
  "", " ", "\u0000", "\u202e", "' OR 1=1 --", "\"; drop table person; --", "../../../../etc/passwd", "<script>alert(1)</script>", "%00", "%s%s%n",
  "NaN", "Infinity", "-1", "1e309", "9".repeat(400), "00000000-0000-0000-0000-000000000000", "Горинов", "😀".repeat(50), "\ud800", "a".repeat(70_000),
  "2024-02-30", "0000-00-00", "true", "null", "[]", "{}", "__proto__", "constructor", "x\r\nSet-Cookie: a=b",
];

function nastyValue(depth = 0): unknown {
  switch (int(depth > 3 ? 6 : 9)) {
    case 0: return pick(NASTY);
    case 1: return rnd() < 0.5 ? int(2 ** 31) * (rnd() < 0.5 ? -1 : 1) : rnd() * 1e308;
    case 2: return rnd() < 0.5;
    case 3: return null;
    case 4: return Array.from({ length: int(300) }, () => "x".repeat(int(5)));
    case 5: return String.fromCharCode(...Array.from({ length: int(40) }, () => int(0xffff)));
    case 6: return Array.from({ length: int(4) }, () => nastyValue(depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: int(5) }, () => [pick(NASTY).slice(0, 20) || "k", nastyValue(depth + 1)]));
    default: return JSON.parse('{"__proto__":{"role":"admin","isAdmin":true},"constructor":{"prototype":{"x":1}}}');
  }
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; enum?: unknown[]; anyOf?: JsonSchema[]; format?: string };

/** A value that mostly fits the schema, with one or more fields broken: gets past the outer layer of validation. */
function almostValid(s: JsonSchema | undefined, depth = 0): unknown {
  if (!s || depth > 4 || rnd() < 0.15) return nastyValue();
  if (s.anyOf?.length) return almostValid(pick(s.anyOf), depth + 1);
  if (s.enum?.length) return rnd() < 0.7 ? pick(s.enum) : nastyValue();
  const type = Array.isArray(s.type) ? pick(s.type) : s.type;
  if (type === "object" || s.properties) return Object.fromEntries(Object.entries(s.properties ?? {}).filter(() => rnd() < 0.8).map(([k, v]) => [k, almostValid(v, depth + 1)]));
  if (type === "array") return Array.from({ length: int(4) }, () => almostValid(s.items, depth + 1));
  if (type === "integer" || type === "number") return rnd() < 0.5 ? int(100) : nastyValue();
  if (type === "boolean") return rnd() < 0.5;
  if (s.format === "uuid") return rnd() < 0.5 ? crypto.randomUUID() : pick(NASTY);
  if (s.format === "date") return rnd() < 0.5 ? "2024-01-01" : pick(NASTY);
  return rnd() < 0.5 ? "fuzz text" : pick(NASTY);
}

function schemaOf(t: z.ZodType | undefined): JsonSchema | undefined {
  if (!t) return undefined;
  try {
    return z.toJSONSchema(t, { io: "input", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return undefined;
  }
}

let rt: TestRuntime;
let app: FastifyInstance;
let seed: Seeded;
let pools: IdPools;
const dir = mkdtempSync(join(tmpdir(), "aff-fuzz-"));
let countSql: string;

async function counts(): Promise<string> {
  return JSON.stringify(rowsOf(await rt.database.db.execute(sql.raw(countSql)))[0]);
}

// The server logs each 5xx with its error; keep the last one so a failure names its cause.
let lastError = "";

useTestServer((s) => ({ rt, app } = s), {
  beforeServer: (rt) => void ((rt as { log: unknown }).log = pino({ level: "error" }, { write: (line: string) => void (lastError = line.slice(0, 600)) })),
});
beforeAll(async () => {
  seed = await seedRegistry(rt, app);
  pools = await idPools(rt.database.db);
  // The audit log records failed sign-ins and second-factor attempts by design, and on PostgreSQL the shared
  // per-minute limits and the sign-in back-off count every attempt, malformed or not (rate_count, sign_in_backoff:
  // keyed hashes, no input stored); every other table must not move.
  const counters = new Set(["audit_event", "rate_count", "sign_in_backoff"]);
  const tables = (await schemaTables()).filter((t) => !counters.has(t.name));
  countSql = `select ${tables.map((t) => `(select count(*) from ${ident(t.name)})::int as ${ident(t.name)}`).join(", ")}`;
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

function fuzzPath(route: AnyRoute): string {
  return route.url.replace(/:([A-Za-z0-9_]+)/g, () => {
    if (rnd() < 0.3) return pick([...pools.values()].flat().concat(["1"]));
    // Cut after encoding on purpose: half an escape ("%E") is a malformed input worth sending too.
    return encodeURIComponent(String(nastyValue()).replace(/[\ud800-\udfff]/g, "\ufffd")).slice(0, 300) || "%20";
  });
}

function fuzzQuery(route: AnyRoute): string {
  const s = schemaOf(route.query);
  const q = new URLSearchParams();
  for (const k of Object.keys(s?.properties ?? {})) if (rnd() < 0.6) q.append(k, String(pick([nastyValue(), almostValid(s!.properties![k])])).slice(0, 5000));
  if (rnd() < 0.3) q.append(pick(NASTY).slice(0, 10) || "x", String(nastyValue()).slice(0, 100));
  const str = q.toString();
  return str ? `?${str}` : "";
}

// Routes whose success would end the fuzzing session itself.
const SKIP = new Set(["POST /api/v1/auth/sign-out"]);

describe("fuzz: API inputs", () => {
  it(`every route answers malformed input with a clear 4xx and stores nothing (seed ${SEED})`, async () => {
    const problems: string[] = [];
    let sent = 0;
    for (const route of allRoutes()) {
      if (SKIP.has(`${route.method} ${route.url}`)) continue;
      const bodySchema = schemaOf(route.body);
      for (let i = 0; i < PER_ROUTE; i++) {
        const who = rnd() < 0.8 ? "admin" : pick(["anonymous", "volunteer", "lawyer"] as const);
        const headers: Record<string, string> = who === "anonymous" ? {} : { ...seed.headers[who] };
        const body = rnd() < 0.5 ? almostValid(bodySchema) : nastyValue();
        const raw = rnd() < 0.1;
        const h: Record<string, string> = { ...headers };
        let payload: string | undefined;
        if (route.method !== "GET") {
          h["content-type"] = raw ? pick(["application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) : "application/json";
          payload = raw ? pick(["{", "{\"a\":", "\u0000", "a=%ZZ&&&", "--x\r\n", "[".repeat(5000)]) : JSON.stringify(body);
        }
        const before = await counts();
        const url = fuzzPath(route) + fuzzQuery(route);
        const res = await app.inject({
          method: route.method,
          url,
          headers: h,
          remoteAddress: `100.64.${int(250)}.${int(250)}`,
          ...(payload !== undefined ? { payload } : {}),
        });
        sent++;
        const where = `${route.method} ${url.slice(0, 160)} as ${who} (#${sent}): ${res.statusCode}`;
        if (res.statusCode >= 500) problems.push(`${where} ${res.body.slice(0, 120)} — log: ${lastError}`);
        else if (res.statusCode >= 400) {
          if (!res.body.length) problems.push(`${where} with an empty body`);
          const after = await counts();
          if (after !== before) problems.push(`${where} changed row counts: ${before} → ${after}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
  }, 900_000);
});

describe("NUL characters", () => {
  it("are refused in every field of every route with a 4xx (PostgreSQL text cannot hold them)", async () => {
    const problems: string[] = [];
    for (const route of allRoutes()) {
      if (SKIP.has(`${route.method} ${route.url}`)) continue;
      const q = new URLSearchParams(Object.keys(schemaOf(route.query)?.properties ?? { x: {} }).map((k) => [k, "a\u0000b"]));
      const body = Object.fromEntries(Object.keys(schemaOf(route.body)?.properties ?? { x: {} }).map((k) => [k, "a\u0000b"]));
      const url = route.url.replace(/:([A-Za-z0-9_]+)/g, "a%00b");
      for (const u of [`${url}?${q}`, `${route.url.replace(/:([A-Za-z0-9_]+)/g, "00000000-0000-4000-8000-000000000000")}?${q}`]) {
        const res = await app.inject({ method: route.method, url: u, headers: { ...seed.headers.admin, "content-type": "application/json" }, remoteAddress: `100.65.${int(250)}.${int(250)}`, ...(route.method === "GET" ? {} : { payload: JSON.stringify(body) }) });
        if (res.statusCode >= 500) problems.push(`${route.method} ${u}: ${res.statusCode} — log: ${lastError}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

describe("fuzz: importers", () => {
  it("the spreadsheet importer reports or refuses malformed files; failed rows store nothing", async () => {
    const ctx = rt.systemCtx("fuzz");
    const problems: string[] = [];
    for (let i = 0; i < 150; i++) {
      const kind = pick(["csv", "json", "xlsx"] as const);
      const header = "external_id,primary_name,category,birth_date,status,articles,sentence";
      const lines = Array.from({ length: int(8) }, () => Array.from({ length: int(9) }, () => String(nastyValue()).replace(/\n/g, " ").slice(0, 200)).join(pick([",", ";", "\t", "\",\""])));
      const content =
        kind === "csv" ? [rnd() < 0.8 ? header : String(nastyValue()), ...lines].join(pick(["\n", "\r\n", "\r"])) : kind === "json" ? (rnd() < 0.5 ? JSON.stringify(nastyValue()) : "[{\"primary_name\":") : Buffer.from(Array.from({ length: int(2000) }, () => int(256)));
      const path = join(dir, `f${i}.${kind}`);
      writeFileSync(path, content);
      const before = await counts();
      try {
        const r = await importPeople(ctx, { path });
        const after = JSON.parse(await counts()) as Record<string, number>;
        if (after.person! - JSON.parse(before).person !== r.created) problems.push(`${path}: ${r.created} reported created, person count moved ${JSON.parse(before).person} → ${after.person}`);
      } catch (e) {
        if (e instanceof TypeError || e instanceof RangeError) problems.push(`${kind} #${i}: ${(e as Error).name}: ${(e as Error).message.slice(0, 160)}`);
        if ((await counts()) !== before) problems.push(`${kind} #${i}: refused but row counts changed`);
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it("the mail importer survives malformed messages and stores only whole appeals", async () => {
    const ctx = rt.systemCtx("fuzz");
    const messages = Array.from({ length: 300 }, () => {
      const parts = [
        rnd() < 0.7 ? `From: ${String(nastyValue()).slice(0, 80)}\r\n` : "",
        rnd() < 0.7 ? `Subject: =?${pick(["utf-8", "koi8-r", "x-bogus"])}?${pick(["B", "Q", "Z"])}?${String(nastyValue()).slice(0, 60)}?=\r\n` : "",
        rnd() < 0.5 ? `Content-Type: multipart/mixed; boundary="${pick(["b", "", "\u0000"])}"\r\n` : "",
        rnd() < 0.5 ? `Content-Transfer-Encoding: ${pick(["base64", "quoted-printable", "8bit", "x"])}\r\n` : "",
        `Message-ID: <${int(1e9)}@fuzz>\r\n\r\n`,
        String(nastyValue()).slice(0, 5000),
      ];
      return Buffer.from(parts.join(""), "utf8");
    });
    const before = JSON.parse(await counts()) as Record<string, number>;
    const r = await importMailMessages(ctx, messages);
    await commitAppealsNow(rt); // appeals are held sealed until their hour is over, then committed together
    const after = JSON.parse(await counts()) as Record<string, number>;
    expect(r.messages).toBe(300);
    expect(after.appeal! - before.appeal!).toBe(r.imported);
    for (const f of r.failed) expect(f.error).not.toMatch(/TypeError|RangeError/);
  }, 300_000);
});
