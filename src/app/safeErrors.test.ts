import { sql } from "drizzle-orm";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { safeErrorMessage, safeLogger } from "./safeErrors.js";

// Found by an adversarial run: database errors were logged with their query parameters, and a failed
// `restore --force` printed session hashes and CSRF tokens.
let rt: TestRuntime;
beforeAll(async () => (rt = await createTestRuntime()));
afterAll(async () => rt.close());

describe("database errors in logs and on the terminal", () => {
  it("keep the query's shape and the database's reason, never the values", async () => {
    const secret = "Секретова Анна Петровна";
    const error = await rt.database.db.execute(sql`select ${secret}::int`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(secret); // what the driver hands us
    const shown = safeErrorMessage(error);
    expect(shown).not.toContain(secret);
    expect(shown).toMatch(/select \$1::int/);
    expect(shown).toMatch(/params: \[not shown\]/);
    expect(shown).toMatch(/invalid input syntax/);

    let logged = "";
    const sink = new Writable({ write: (chunk, _enc, done) => ((logged += chunk.toString()), done()) });
    safeLogger("info", sink).error({ err: error }, "unhandled error");
    expect(logged).toContain("unhandled error");
    expect(logged).not.toContain(secret);
  });
});
