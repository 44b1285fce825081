// The staff app's heavy requests at registry scale (issue #13): creating exchange lists (through the service and
// through HTTP), reading a version a page at a time, exporting a list of about 1,000 people as PDF and XLSX, a
// counterpart list's report — in one process on PGlite; with --browser the screens in Chromium (staff-app-browser.ts).
// Every step prints wall and CPU milliseconds (the process's, all threads: the embedded database's thread too).
//
//   npx tsx bench/staff-app.ts --registry /tmp/bench/reg100k --browser
//
// --registry DIR: a registry kept by `bench/load.ts --registry DIR` (data folder, key, per-person keys); it is
// copied to a temporary folder first and never changed. Without it, --people N (default 20,000) are generated and
// imported first (slow at 100,000: about as long as the import itself).
// --keep DIR: at the end, keep the data folder with the lists made (DIR/staff-app.json names them), to be given as
// --registry DIR --screens later: then only the browser's part runs, on those lists (a minute instead of several).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pino from "pino";
import { openRuntime } from "../src/app/runtime.js";
import { benchCoordinator } from "./bench-users.js";
import { loadConfig } from "../src/config.js";
import { personCategories } from "../src/domain/vocabulary/enums.js";
import { createUser } from "../src/services/accounts.js";
import { createList, getList, getListVersionPage } from "../src/services/lists/lists.js";
import { listBuildsSettled } from "../src/services/lists/background.js";
import { exportListVersion } from "../src/services/lists/export.js";
import { importCounterpartList } from "../src/services/lists/counterpart.js";
import { buildRegistry } from "./load-registry.js";
import { buildWeb } from "../scripts/build-web.mjs";
import { createServer } from "../src/server.js";
import { inBrowser } from "./staff-app-browser.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const REGISTRY = arg("registry");
const PEOPLE = Number(arg("people") ?? 20_000);
/** --browser: also open the list builder, the people list and the reconciliation in Chromium, in Russian. */
const BROWSER = process.argv.includes("--browser") || process.argv.includes("--screens");
const KEEP = arg("keep");
/** --screens: the lists were made by an earlier run with --keep; only the screens are opened. */
const SCREENS = process.argv.includes("--screens");

const dir = mkdtempSync(join(tmpdir(), "aff-staff-bench-"));
const data = join(dir, "data");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ALLFORALL_DATA: data,
  ALLFORALL_KEY: REGISTRY ? readFileSync(join(REGISTRY, "key"), "utf8").trim() : randomBytes(32).toString("hex"),
  LOG_LEVEL: "error",
};

async function timed<T>(what: string, f: () => Promise<T>, note: (r: T) => string = () => ""): Promise<T> {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await f();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c);
  process.stdout.write(`${what.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(6)} ms  ${note(r)}\n`);
  return r;
}

/**
 * Their list as the other side sends it: people of ours (names and birth dates as our list prints them, taken
 * from across the list of everyone) and people nobody registered, "ФИО,Дата рождения" with dates as DD.MM.YYYY.
 */
async function theirFile(ctx: Parameters<typeof getListVersionPage>[0], everyoneId: string, total: number, ours: number, unknown: number) {
  const lines = ["ФИО,Дата рождения"];
  const step = Math.max(100, Math.floor(total / Math.ceil(ours / 100)));
  for (let offset = 0; lines.length <= ours && offset < total; offset += step) {
    const page = await getListVersionPage(ctx, everyoneId, 1, { offset, limit: 100 });
    for (const r of page.rows) {
      const d = r.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(r.birthDate) ? r.birthDate.split("-").reverse().join(".") : "";
      if (r.nameCyrillic && lines.length <= ours) lines.push(`"${r.nameCyrillic}",${d}`);
    }
  }
  for (let i = 0; i < unknown; i++) lines.push(`"Неизвестный${i} Иван Петрович",01.0${1 + (i % 9)}.19${60 + (i % 40)}`);
  return Buffer.from(`${lines.join("\n")}\n`);
}

let kept: { everyone: string; counterpart: string } | undefined;
try {
  process.stdout.write(`load average before: ${readFileSync("/proc/loadavg", "utf8")}`);
  if (REGISTRY) {
    cpSync(join(REGISTRY, "data"), data, { recursive: true });
    if (existsSync(join(REGISTRY, "data.key.people"))) cpSync(join(REGISTRY, "data.key.people"), `${data}.key.people`);
  } else {
    const reg = await buildRegistry(dir, PEOPLE, env);
    process.stdout.write(`registry: ${reg.ids.length} people imported in ${reg.importSeconds.toFixed(1)} s\n`);
  }
  const rt = await openRuntime(loadConfig(env, { logLevel: "error" }), { log: pino({ level: "error" }) });
  if (BROWSER) await buildWeb({ quiet: true });
  const app = await createServer(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const ctx = await benchCoordinator(rt);
    const rows = (id: string) => getList(ctx, id).then((l) => `${l.versions[0]!.rowCount} rows, ${l.versions[0]!.eligibleCount} eligible`);
    // Over HTTP as a researcher (who drafts lists and reads reconciliations, with no second factor to enrol).
    const researcher = `bench-r-${randomBytes(3).toString("hex")}@example.org`;
    await createUser(rt.systemCtx("bench"), { email: researcher, role: "researcher", password: "bench password 12345" });
    const signIn = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: researcher, password: "bench password 12345" }, remoteAddress: "10.9.8.7" });
    const session = signIn.cookies.find((c) => c.name === "aff_session")!.value;
    const headers = { cookie: `aff_session=${session}`, "x-csrf-token": (signIn.json() as { csrfToken: string }).csrfToken };
    const http = async (method: "GET" | "POST", url: string, payload?: object) => {
      const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}), remoteAddress: "10.9.8.7" });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res;
    };

    // As a server that has been up a while: the person index built (the people list waits for it otherwise), and
    // the dashboard's sums read, as the server does once the index is built (PeopleDirectory.start).
    await timed("person index built", () => rt.people.built());
    await timed("dashboard's sums read", () => rt.people.warmDashboard());
    if (SCREENS) {
      const ids = JSON.parse(readFileSync(join(REGISTRY!, "staff-app.json"), "utf8")) as { everyone: string; counterpart: string };
      await timed("browser", () => inBrowser(rt, app, base, ids));
    } else {
      // A round's typical list: one category of one region; a filter that keeps nobody; a category whole; everyone.
      // A large selection answers at once and is built in the background: the request's time, then the build's.
      const create = async (what: string, f: () => ReturnType<typeof createList>) => {
        const r = await timed(`create: ${what}`, f, (x) => (x.build ? `answered, building ${x.build.total} people` : x.id));
        if (r.build) await timed("    … its version stored (background build)", () => listBuildsSettled());
        return r;
      };
      const typical = await create("civilians from Zaporizhzhia region", () => createList(ctx, { name: "Гражданские, Запорожская область", categories: ["ua_civilian_hostage"], filters: { region: "Запорожская" } }));
      process.stdout.write(`    ${await rows(typical.id)}\n`);
      const none = await create("civilians who consent (none recorded: filtered to 0)", () => createList(ctx, { name: "Гражданские, согласны", categories: ["ua_civilian_hostage"], filters: { exchangeConsent: ["consents"] } }));
      process.stdout.write(`    ${await rows(none.id)}\n`);
      const pows = await create("all-for-all, prisoners of war", () => createList(ctx, { name: "Военнопленные", categories: ["ua_pow"], allForAll: true }));
      process.stdout.write(`    ${await rows(pows.id)}\n`);
      const everyone = await create("all-for-all, every category", () => createList(ctx, { name: "Все на всех", categories: [...personCategories], allForAll: true }));
      const total = (await getList(ctx, everyone.id)).versions[0]!.rowCount;
      process.stdout.write(`    ${await rows(everyone.id)}\n`);
      await timed("POST /api/v1/lists: all-for-all, every category", () => http("POST", "/api/v1/lists", { name: "Все на всех (HTTP)", categories: [...personCategories], allForAll: true }), (r) => `${r.statusCode}, ${r.json().version ? `${r.json().version.rowCount} rows` : `being built (${r.json().build.total} people)`}`);
      await timed("    … its version stored (background build)", () => listBuildsSettled());

      for (const [what, q] of [
        ["first page", { offset: 0, limit: 100 }],
        ["page in the middle", { offset: Math.floor(total / 2), limit: 100 }],
        ["last page", { offset: Math.max(0, total - 100), limit: 100 }],
        ["not eligible, page 3", { offset: 200, limit: 100, show: "ineligible" as const }],
        ["with warnings, page in the middle", { offset: Math.floor(total / 4), limit: 100, show: "warnings" as const }],
      ] as const)
        await timed(`version page (everyone): ${what}`, () => getListVersionPage(ctx, everyone.id, 1, q), (r) => `${r.rows.length} rows of ${r.total}`);
      await timed("GET /api/v1/lists/:id/versions/1?offset=50000&limit=100", () => http("GET", `/api/v1/lists/${everyone.id}/versions/1?offset=${Math.floor(total / 2)}&limit=100`), (r) => `${r.rawPayload.length.toLocaleString("en")} bytes`);

      for (const format of ["pdf", "xlsx", "csv"] as const)
        for (const scope of ["eligible", "all"] as const)
          await timed(`export the ${total > 50_000 ? "1,043" : "typical"}-person list: ${format}, ${scope}`, () => exportListVersion(ctx, typical.id, { format, scope }), (r) => `${r.bytes.length.toLocaleString("en")} bytes`);

      // The other side's list of 2,000 (1,600 of ours, 400 unknown), compared with our list of everyone.
      const file = await theirFile(ctx, everyone.id, total, 1600, 400);
      const theirs = await timed("counterpart list of 2,000 rows: import and match", () => importCounterpartList(ctx, { name: "Их список", fileName: "их.csv", content: file, comparedWithListId: everyone.id }), (r) => `${r.version.rowCount} rows`);
      await timed("GET /api/v1/lists/:id/report?limit=50 (the screen's first read)", () => http("GET", `/api/v1/lists/${theirs.id}/report?limit=50`), (r) => `${r.rawPayload.length.toLocaleString("en")} bytes`);
      await timed("GET /api/v1/lists/:id/report/rows?section=missingFromTheirs&offset=50000", () => http("GET", `/api/v1/lists/${theirs.id}/report/rows?section=missingFromTheirs&offset=50000&limit=50`), (r) => `${r.rawPayload.length.toLocaleString("en")} bytes`);
      await timed("GET /api/v1/lists/:id/report, whole (the API's default)", () => http("GET", `/api/v1/lists/${theirs.id}/report`), (r) => `${r.rawPayload.length.toLocaleString("en")} bytes`);

      if (BROWSER) await timed("browser", () => inBrowser(rt, app, base, { everyone: everyone.id, counterpart: theirs.id }));
      if (KEEP) kept = { everyone: everyone.id, counterpart: theirs.id };
    }
  } finally {
    await app.close();
    await rt.close();
  }
  if (KEEP && kept) {
    cpSync(data, join(KEEP, "data"), { recursive: true });
    if (existsSync(`${data}.key.people`)) cpSync(`${data}.key.people`, join(KEEP, "data.key.people"));
    writeFileSync(join(KEEP, "key"), `${env.ALLFORALL_KEY}\n`);
    writeFileSync(join(KEEP, "staff-app.json"), `${JSON.stringify(kept)}\n`);
    process.stdout.write(`kept in ${KEEP}: run again with --registry ${KEEP} --screens\n`);
  }
  process.stdout.write(`load average after: ${readFileSync("/proc/loadavg", "utf8")}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
