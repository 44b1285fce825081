import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The person key store's own backup (issue #20): `keys backup` copies it apart from data backups, `keys restore`
// puts it back. Without it every name reads as erased, so a lost store is refused at start rather than used.
const bin = join(import.meta.dirname, "../../bin/allforall.mjs");
const dir = mkdtempSync(join(tmpdir(), "aff-cli-keys-"));
const data = join(dir, "data");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, "--data", data, ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "", KEYSTORE_URL: "", ALLFORALL_KEY: "cli-keys-test-key" } });

describe("allforall keys backup / restore", () => {
  it("copies the person key store (0600, names nowhere in it), refuses a start without it, and restores it", () => {
    const csv = join(dir, "people.csv");
    writeFileSync(csv, "external_id,name,category,birth_date\nK-1,Ключникова Анна Савельевна,ru_political_prisoner,1975-04-02\n");
    expect(run("import", "people", csv, "--lang", "en").status).toBe(0);
    const store = `${data}.key.people`;
    expect(existsSync(store)).toBe(true);

    const copy = join(dir, "people-keys.backup");
    const b = run("keys", "backup", copy);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toContain(`1 person keys copied to ${copy}`);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(readFileSync(copy, "utf8")).not.toContain("Ключникова");

    // The store lost: the registry refuses to start instead of showing every name as erased.
    renameSync(store, join(dir, "lost"));
    const refused = run("export", "people", "--out", join(dir, "refused.csv"));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`the person key file ${store} is missing`);

    const r = run("keys", "restore", copy);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`1 person keys restored to ${store}`);
    const out = join(dir, "out.csv");
    expect(run("export", "people", "--out", out).status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("K-1,Ключникова Анна Савельевна");
    // A store in place is not replaced without --force.
    expect(run("keys", "restore", copy).status).not.toBe(0);
    expect(run("keys", "restore", copy, "--force").status).toBe(0);
  }, 180_000);
});
