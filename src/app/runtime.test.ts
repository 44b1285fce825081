import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { openRuntime } from "./runtime.js";

describe("openRuntime and the field key", () => {
  it("creates the key for a new database and refuses to replace a lost one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-runtime-"));
    const config = loadConfig({}, { dataDir: join(dir, "data"), databaseUrl: undefined });
    const log = pino({ level: "silent" });
    const first = await openRuntime(config, { log });
    const sealed = first.cipher.seal("family contact");
    await first.close();

    const again = await openRuntime(config, { log });
    expect(again.cipher.open(sealed)).toBe("family contact");
    await again.close();

    rmSync(config.keyFile);
    await expect(openRuntime(config, { log })).rejects.toThrow(/key file .* is missing, but the database already holds data/);
  }, 60_000);
});
