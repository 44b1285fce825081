import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { count, countDistinct } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { person } from "../../src/db/schema/person.js";
import { generatePeopleRows } from "../../src/demo/generate.js";

const ROWS = 12_000;
const bin = join(import.meta.dirname, "../../bin/allforall.mjs");

// A killed import (SIGKILL, no chance to clean up) must leave whole batches only, and a re-run must
// finish it with every row present exactly once.
describe("import killed midway", () => {
  it("completes on re-run with every row exactly once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-kill-"));
    const csv = join(dir, "people.csv");
    writeFileSync(csv, stringify([...generatePeopleRows(ROWS, 99)], { header: true }));
    const data = join(dir, "data");
    const env = { ...process.env, ALLFORALL_PROGRESS: "lines", ALLFORALL_KEY: "test-key-for-crash-test", DATABASE_URL: "" };
    const args = [bin, "--data", data, "import", "people", csv, "--batch-size", "500", "--lang", "en"];

    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let killedAt = 0;
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        const m = /progress rows=(\d+)/.exec(chunk.toString());
        if (m && Number(m[1]) >= 3000 && !killedAt) {
          killedAt = Number(m[1]);
          child.kill("SIGKILL");
        }
      });
      child.on("exit", () => resolve());
      child.on("error", reject);
    });
    expect(killedAt).toBeGreaterThanOrEqual(3000);

    const mid = await openDatabase({ dataDir: data });
    const [partial] = await mid.db.select({ n: count() }).from(person);
    await mid.close();
    expect(partial!.n).toBeGreaterThan(0);
    expect(partial!.n).toBeLessThan(ROWS);
    expect(partial!.n % 500).toBe(0); // whole batches only

    const rerun = spawnSync(process.execPath, args, { env, encoding: "utf8" });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`${ROWS} rows: ${ROWS - partial!.n} created, 0 updated, ${partial!.n} unchanged, 0 left for review, 0 refused`);

    const done = await openDatabase({ dataDir: data });
    const [final] = await done.db.select({ n: count(), distinct: countDistinct(person.externalId) }).from(person);
    await done.close();
    expect(final).toEqual({ n: ROWS, distinct: ROWS });
  }, 180_000);
});
