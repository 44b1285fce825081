/**
 * Appeals bench: the real server on loopback (ephemeral port) over embedded PGlite in a temp folder.
 * Seeds a registry, fetches the form 1,000 times (one token each), submits 1,000 appeals through HTTP
 * (urlencoded, as a browser does), then asks the triage API for the matcher's suggestions for every appeal.
 * Prints appeals/s, p50/p95/p99 submission latency, suggestion latency and how often the top suggestion
 * is the registry person the appeal was generated from.
 * Run: npx tsx bench/appeals.ts [--appeals N] [--people N] [--concurrency N] [--seed N]
 */
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { transliterate } from "../src/domain/names/transliterate.js";
import * as D from "./matching-data.js";
import { rng } from "../src/demo/generate.js"; // mulberry32, seeded: every run measures the same data

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const APPEALS = arg("appeals", 1000);
const PEOPLE = arg("people", 5000);
const CONCURRENCY = arg("concurrency", 1);
const SEED = arg("seed", 7);

// The bench is one client on loopback: lift the per-client limits, which are what they should be in production.
process.env.ALLFORALL_APPEAL_RATE_LIMIT = "1000000";
process.env.ALLFORALL_APPEAL_STATUS_RATE_LIMIT = "1000000";
process.env.ALLFORALL_APPEAL_PAGE_RATE_LIMIT = "1000000";

const R = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(R() * xs.length)]!;
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);
const SUR = [...words(D.RU_SURNAMES), ...words(D.UA_SURNAMES)];
const GIVEN = words(D.MALE_GIVEN);
const PATRONYMIC = ["Александрович", "Сергеевич", "Петрович", "Иванович", "Викторович", "Андреевич", "Олегович", "Юрьевич"];
const pad = (n: number) => String(n).padStart(2, "0");

interface Gen {
  name: string;
  birth: string;
}
function randomPerson(): Gen {
  const y = 1950 + Math.floor(R() * 55);
  return { name: `${pick(SUR)} ${pick(GIVEN)} ${pick(PATRONYMIC)}`, birth: `${y}-${pad(1 + Math.floor(R() * 12))}-${pad(1 + Math.floor(R() * 28))}` };
}

/** How a family might write a registered person: other script, no patronymic, given name first, date order. */
function asFamilyWrites(p: Gen): { heldName: string; heldBirthDate: string } {
  const [sur, given] = p.name.split(" ") as [string, string, string];
  const [y, m, d] = p.birth.split("-");
  const r = R();
  const heldName = r < 0.3 ? p.name : r < 0.6 ? `${given} ${sur}` : r < 0.85 ? transliterate(`${given} ${sur}`, "bgn") : transliterate(`${sur} ${given}`, "icao");
  const heldBirthDate = R() < 0.5 ? `${d}.${m}.${y}` : R() < 0.5 ? `${y}` : p.birth;
  return { heldName, heldBirthDate };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function pool<T>(items: T[], n: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

async function main(): Promise<void> {
  // Every bench family posts from 127.0.0.1 and all in one hour: lift the intake's per-client and hourly
  // allowances (src/services/appeals/intakeLimits.ts), which are what a flood meets, not what is measured here.
  process.env.ALLFORALL_APPEAL_CLIENT_HOURLY ??= String(APPEALS * 2);
  process.env.ALLFORALL_APPEAL_HOURLY_FLOOR ??= String(APPEALS * 2);
  process.env.ALLFORALL_APPEAL_QUEUE_CAP ??= String(APPEALS * 2);
  const dir = mkdtempSync(join(os.tmpdir(), "allforall-bench-appeals-"));
  const { loadConfig } = await import("../src/config.js");
  const { openRuntime } = await import("../src/app/runtime.js");
  const { createServer } = await import("../src/server.js");
  const { createUser } = await import("../src/services/accounts.js");
  const { person, personName } = await import("../src/db/schema/person.js");
  const { sealPersonRow } = await import("../src/db/schema/sealed.js");
  const { randomUUID } = await import("node:crypto");
  const pino = (await import("pino")).default;

  const config = loadConfig(process.env, { dataDir: join(dir, "data"), keyFile: join(dir, "data.key"), databaseUrl: "" });
  config.databaseUrl = undefined;
  const rt = await openRuntime(config, { log: pino({ level: "warn" }) });
  const app = await createServer(rt, { logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;

  // Registry: bulk-inserted (the seed is scaffolding, not what is measured; people created through the API
  // would also write an audit entry each).
  let t0 = performance.now();
  const registry: { id: string; gen: Gen }[] = [];
  const sys = rt.systemCtx("bench");
  for (let start = 0; start < PEOPLE; start += 500) {
    const gens = Array.from({ length: Math.min(500, PEOPLE - start) }, randomPerson);
    const ids = gens.map(() => randomUUID());
    const rows = await rt.database.db
      .insert(person)
      .values(gens.map((g, i) => sealPersonRow(person, ids[i]!, { id: ids[i]!, organisationId: rt.organisationId, primaryName: g.name, birthDate: g.birth, birthYear: Number(g.birth.slice(0, 4)), category: "ru_political_prisoner" as const, sex: "male" as const })))
      .returning({ id: person.id });
    await rt.database.db.insert(personName).values(rows.map((r, i) => sealPersonRow(personName, r.id, { personId: r.id, name: gens[i]!.name, script: "cyrl" as const, isPrimary: true })));
    rows.forEach((r, i) => registry.push({ id: r.id, gen: gens[i]! }));
  }
  const seedMs = performance.now() - t0;

  // What the families send: 60% about registered people, 40% about people not in the registry; a fifth repeats an earlier appeal's person.
  const truth: (string | null)[] = [];
  const forms: Record<string, string>[] = [];
  const earlier: { gen: Gen; personId: string | null }[] = [];
  for (let i = 0; i < APPEALS; i++) {
    let subject: { gen: Gen; personId: string | null };
    if (earlier.length && R() < 0.2) subject = pick(earlier);
    else if (R() < 0.6) {
      const p = pick(registry);
      subject = { gen: p.gen, personId: p.id };
    } else subject = { gen: randomPerson(), personId: null };
    earlier.push(subject);
    truth.push(subject.personId);
    const held = asFamilyWrites(subject.gen);
    forms.push({
      lang: pick(["ru", "uk", "en"]),
      ...held,
      heldWhere: "СИЗО-2 Симферополь",
      requests: pick(["legal_help", "exchange_list", "letters"]),
      text: "Мой сын задержан, адвоката не пускают. Просим помощи. ".repeat(8),
      contactMethod: "messenger",
      contactValue: `@family_${i}`,
      safetyNote: "Только Signal",
      publicityConsent: "none",
      exchangeConsent: "consents",
      website: "",
    });
  }

  // 1. Fetch the form once per appeal (each page carries a one-time token).
  t0 = performance.now();
  const tokens: string[] = [];
  for (let i = 0; i < APPEALS; i++) {
    const html = await (await fetch(`${base}/appeal?lang=ru`)).text();
    tokens.push(/name="token" value="([^"]+)"/.exec(html)![1]!);
  }
  const formMs = performance.now() - t0;
  // Tokens are refused if sent sooner than 3 s after the form was served (bots); families take minutes.
  await new Promise((r) => setTimeout(r, 3100));

  // 2. Submit.
  const latencies: number[] = [];
  let failures = 0;
  t0 = performance.now();
  await pool(forms, CONCURRENCY, async (f, i) => {
    const body = new URLSearchParams({ ...f, token: tokens[i]! }).toString();
    const s = performance.now();
    const res = await fetch(`${base}/appeal?lang=${f.lang}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    const html = await res.text();
    latencies.push(performance.now() - s);
    if (res.status !== 200 || !html.includes('id="appeal-code"')) failures++;
  });
  const submitMs = performance.now() - t0;
  // Appeals are held until their hour is over, then committed as one shuffled batch (src/services/appeals/hold.ts).
  t0 = performance.now();
  const { commitHeldAppeals } = await import("../src/services/appeals/hold.js");
  const committed = await commitHeldAppeals(sys, new Date(Date.now() + 3_600_000));
  const commitMs = performance.now() - t0;

  // 3. Triage: the queue (ids), then the suggestions for every appeal.
  const user = await createUser(sys, { email: "bench-researcher@example.org", role: "researcher", password: "bench password long enough" });
  void user;
  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bench-researcher@example.org", password: "bench password long enough" }) });
  // Triage is what signed-in staff do (no API token reaches appeals): the session cookie, as the staff app sends it.
  const auth = { cookie: `aff_session=${/aff_session=([^;]+)/.exec(signIn.headers.get("set-cookie") ?? "")![1]!}` };
  const ids: { id: string; heldName: string; heldBirthDate: string }[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await (await fetch(`${base}/api/v1/appeals?suggestions=false&limit=200&offset=${offset}&status=received`, { headers: auth })).json()) as { items: { id: string; heldName: string; heldBirthDate: string }[] };
    ids.push(...page.items);
    if (page.items.length < 200) break;
  }
  // Ground truth by what was written (several appeals may share it; any of them carries the same truth).
  const truthByKey = new Map<string, string | null>();
  forms.forEach((f, i) => truthByKey.set(`${f.heldName}|${f.heldBirthDate}`, truth[i]!));
  const suggestMs: number[] = [];
  let top1 = 0;
  let inRegistry = 0;
  let falseTop = 0;
  let withDuplicates = 0;
  t0 = performance.now();
  for (const a of ids) {
    const s = performance.now();
    const r = (await (await fetch(`${base}/api/v1/appeals/${a.id}/suggestions`, { headers: auth })).json()) as { people: { personId: string; verdict: string }[]; duplicates: unknown[] };
    suggestMs.push(performance.now() - s);
    const want = truthByKey.get(`${a.heldName}|${a.heldBirthDate}`) ?? null;
    if (r.duplicates.length) withDuplicates++;
    if (want) {
      inRegistry++;
      if (r.people[0]?.personId === want) top1++;
    } else if (r.people[0]?.verdict === "match") falseTop++;
  }
  const allSuggestMs = performance.now() - t0;

  const cpu = os.cpus();
  const out = [
    `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? "?"}), node ${process.version}, PGlite in a temp folder`,
    `registry: ${PEOPLE} people seeded in ${(seedMs / 1000).toFixed(1)} s`,
    `form GET: ${APPEALS} in ${(formMs / 1000).toFixed(2)} s (${(APPEALS / (formMs / 1000)).toFixed(0)} pages/s)`,
    `submissions: ${APPEALS} (concurrency ${CONCURRENCY}) in ${(submitMs / 1000).toFixed(2)} s = ${(APPEALS / (submitMs / 1000)).toFixed(1)} appeals/s; failures ${failures}`,
    `submission latency: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))}  (target p95 < 100 ms)`,
    `suggestions: ${ids.length} in ${(allSuggestMs / 1000).toFixed(2)} s; latency p50 ${ms(percentile(suggestMs, 50))}, p95 ${ms(percentile(suggestMs, 95))} (first call builds the indexes: ${ms(suggestMs[0] ?? 0)})`,
    `hourly commit: ${committed} held appeals committed in ${(commitMs / 1000).toFixed(2)} s`,
    `end to end (submit + suggest): ${(APPEALS / ((submitMs + allSuggestMs) / 1000)).toFixed(1)} appeals/s`,
    `quality: top suggestion is the right person for ${top1}/${inRegistry} appeals about registered people; ${falseTop} appeals about unregistered people got a 'match'; ${withDuplicates} appeals had duplicate suggestions`,
  ];
  process.stdout.write(out.join("\n") + "\n");
  await app.close();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
