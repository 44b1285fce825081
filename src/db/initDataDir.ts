import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { lockDataDir, secureDataDir } from "./dataDirLock.js";

// Run by a child node: PGlite's CommonJS build, given by path, so that the child needs no loader.
const CHILD = `
const { PGlite } = require(process.argv[1]);
PGlite.create({ dataDir: process.argv[2] }).then((pg) => pg.close()).catch((e) => { console.error(e); process.exit(1); });
`;

/**
 * Create the PGlite database of a new data folder (initdb) in a short-lived child process. Done in this process,
 * PGlite keeps its initdb instance, a copy of that instance's heap and the initdb module reachable afterwards:
 * about 450 MiB of RSS for the rest of the process's life (measured: 830 MiB after opening a new folder,
 * 380 MiB after opening an existing one), which the importer and the server would carry on top of their own.
 * A folder that already holds a database is left alone. Call before openDatabase, which then only opens it.
 */
export async function initDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  secureDataDir(dataDir);
  const unlock = lockDataDir(dataDir);
  // initdb writes PG_VERSION early: done in the folder itself, a first start killed half-way would leave a folder
  // that looks complete. So it runs in a scratch folder beside it, whose files move in once it has finished.
  const scratch = `${dataDir}.init-${process.pid}`;
  try {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { mode: 0o700 });
    const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const child = spawn(process.execPath, ["-e", CHILD, pglite, scratch], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) throw new Error(`cannot create the database in ${dataDir} (exit code ${code}): ${stderr.trim()}`);
    // Only names initdb made are replaced (left over from an interrupted move); PG_VERSION goes last.
    const entries = readdirSync(scratch).sort((a, b) => Number(a === "PG_VERSION") - Number(b === "PG_VERSION"));
    for (const name of entries) {
      rmSync(join(dataDir, name), { recursive: true, force: true });
      renameSync(join(scratch, name), join(dataDir, name));
    }
    secureDataDir(dataDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    unlock();
  }
}
