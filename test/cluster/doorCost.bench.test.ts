import { afterAll, beforeAll, describe, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { Runtime } from "../../src/app/runtime.js";
import { createServer } from "../../src/server.js";
import { openPeerRuntime, type TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../helpers/factories.js";

// What the door costs on PostgreSQL (docs/architecture.md, "The person index"): creates through POST /api/v1/people at
// two server instances on one database, 1,000 people registered. A measurement, not a check — run it by hand:
//   DOOR_BENCH=1 TEST_DATABASE_URL=postgres://… npx vitest run --maxWorkers=1 test/cluster/doorCost.bench.test.ts
const run = !!process.env.DOOR_BENCH && !!process.env.TEST_DATABASE_URL;

let rt: TestRuntime;
let a: FastifyInstance;
let peer: Runtime;
let b: FastifyInstance;
const GIV = ["Олег", "Тарас", "Алексей", "Андрій", "Сергей", "Богдан", "Игорь", "Микола", "Дмитрий", "Василь"];
const PAT = ["Иванович", "Петрович", "Миколайович", "Сергеевич", "Андрійович", "Олегович"];
let k = 0;
const SYL = ["ко", "ва", "лен", "бо", "дар", "ми", "ша", "ро", "тов", "гу", "сла", "нич", "пе", "тре", "зу", "бен"];
const name = () => {
  k++;
  const sur = SYL[k % 16]! + SYL[Math.floor(k / 16) % 16]! + SYL[Math.floor(k / 256) % 16]!;
  return `${sur[0]!.toUpperCase()}${sur.slice(1)}енко ${GIV[(k * 7) % GIV.length]} ${PAT[(k * 5) % PAT.length]}`;
};
const bd = () => `${1940 + (k % 60)}-${String(1 + (Math.floor(k / 60) % 12)).padStart(2, "0")}-${String(1 + (Math.floor(k / 720) % 28)).padStart(2, "0")}`;
const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

describe.skipIf(!run)("the door's cost", () => {
useTestServer((s) => ({ rt, app: a } = s));
beforeAll(async () => {
  if (!run) return;
  peer = await openPeerRuntime(rt);
  b = await createServer(peer);
});
afterAll(async () => {
  await b?.close();
  await peer?.close();
});

it("creates 200 people one at a time, then 200 from 8 clients over both instances", { timeout: 600_000 }, async () => {
  for (let i = 0; i < 1000; i++) await makePerson(rt, { primaryName: name(), alternateNames: [], birthDate: bd() });
  const r = await makeUser(rt, "researcher");
  const headers = await signInHeaders(a, r.email);
  for (const app of [a, b]) await app.inject({ url: "/api/v1/people/search?q=Иванов", headers });
  const post = (app: FastifyInstance) => app.inject({ method: "POST", url: "/api/v1/people", headers, payload: { primaryName: name(), birthDate: bd(), category: "ru_political_prisoner" } });
  for (let i = 0; i < 10; i++) await post(i % 2 ? b : a);
  const seq: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    const res = await post(i % 2 ? b : a);
    if (res.statusCode !== 201) throw new Error(res.body);
    seq.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const conc: number[] = [];
  const t1 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; i < 25; i++) {
      const s = performance.now();
      const res = await post(w % 2 ? b : a);
      if (res.statusCode !== 201) throw new Error(res.body);
      conc.push(performance.now() - s);
    }
  }));
  const cwall = performance.now() - t1;
  console.log(`sequential 200: p50 ${pct(seq, 50).toFixed(1)} ms p99 ${pct(seq, 99).toFixed(1)} ms, wall ${(wall / 200).toFixed(1)} ms/req, CPU ${((cpu.user + cpu.system) / 1000 / 200).toFixed(1)} ms/req (both instances + test in one process); 8 concurrent clients x 25 over both: p50 ${pct(conc, 50).toFixed(1)} p99 ${pct(conc, 99).toFixed(1)} ms, ${(200 / (cwall / 1000)).toFixed(0)} creates/s`);
});
});
