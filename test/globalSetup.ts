import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/client.js";

// Migrate one PGlite once per run and hand its dump to every test file: each file then starts its own
// fresh, migrated database in about a second instead of replaying every migration.
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) return;
  const database = await openDatabase({});
  const dump = await database.pglite!.dumpDataDir("none");
  await database.close();
  const dir = join(tmpdir(), `allforall-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "migrated.tar");
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteDump", path);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}
