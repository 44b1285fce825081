import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildProgram } from "../main.js";
import { formatImport } from "./appeals.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/mail/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "allforall-cli-appeals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await (await buildProgram()).parseAsync(["node", "allforall", "--data", join(dir, "data"), ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join("");
}

describe("allforall appeals import-mail", () => {
  it("is registered on the program", async () => {
    const appeals = (await buildProgram()).commands.find((c) => c.name() === "appeals");
    expect(appeals?.commands.map((c) => c.name())).toContain("import-mail");
  });

  it("imports an mbox and an .eml into an embedded database, and a second run imports nothing", async () => {
    const first = await run("appeals", "import-mail", fixture("inbox.mbox"), fixture("utf8-multipart-qp.eml"));
    expect(first).toContain("inbox.mbox: 3 message(s): 3 new appeal(s) (in the queue when this hour's batch is committed), 0 already imported, 0 attachment(s) stored, 0 unreadable");
    expect(first).toContain("utf8-multipart-qp.eml: 1 message(s): 1 new appeal(s) (in the queue when this hour's batch is committed), 0 already imported, 1 attachment(s) stored");
    const again = JSON.parse(await run("appeals", "import-mail", "--json", fixture("inbox.mbox"))) as { imported: number; duplicates: number }[];
    expect(again[0]).toMatchObject({ imported: 0, duplicates: 3 });
  }, 60_000);

  it("refuses a file that is not a message (binary junk) with a clear error instead of storing an empty appeal", async () => {
    const junk = fileURLToPath(new URL("../../../test/fixtures/import/junk.eml", import.meta.url));
    const out = await run("appeals", "import-mail", junk);
    expect(out).toContain("junk.eml: 1 message(s): 0 new appeal(s) (in the queue when this hour's batch is committed), 0 already imported, 0 attachment(s) stored, 1 unreadable");
    expect(out).toContain("message #1: NotAMessage: not an e-mail message: the file does not start with mail headers (From:, Subject:, Date: …)");
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;
  }, 60_000);

  it("lists unreadable messages by number", () => {
    const text = formatImport("x.mbox", { messages: 2, imported: 1, duplicates: 0, attachments: 0, failed: [{ index: 1, error: "Error: bad" }] });
    expect(text).toBe("x.mbox: 2 message(s): 1 new appeal(s) (in the queue when this hour's batch is committed), 0 already imported, 0 attachment(s) stored, 1 unreadable\n  message #2: Error: bad");
  });
});
