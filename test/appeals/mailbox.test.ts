import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { startAppealChannels } from "../../src/app/appealChannels.js";
import { fetchMailbox, IMPORTED_KEYWORD, mailboxSettingsFromEnv, type MailboxSettings } from "../../src/services/appeals/mailbox.js";
import { getAppeal } from "../../src/services/appeals/triage.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { DOVECOT, OPENSSL, startDovecot, type Dovecot } from "../helpers/dovecot.js";
import { makeUser } from "../helpers/factories.js";
import { appealIdByMessageId, commitAppealsNow } from "../helpers/appeals.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

// `appeals fetch` against a real IMAP server: Debian's Dovecot, started here over TLS with a certificate made here.

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/mail/${name}`, import.meta.url)));
const missing = !DOVECOT ? "dovecot is not installed (apt-get install dovecot-imapd; CI installs it)" : !OPENSSL ? "openssl is not installed" : null;
if (missing) console.warn(`mailbox tests skipped: ${missing}`);

const USER = "appeals@org.test";
const CLI_USER = "cli@org.test";
const SERVE_USER = "serve@org.test";
const PASSWORD = "Пароль-для-теста-1";
let dovecot: Dovecot;
let rt: TestRuntime;

function settings(over: Partial<MailboxSettings> = {}): MailboxSettings {
  return { host: "127.0.0.1", port: dovecot.port, security: "tls", user: USER, password: PASSWORD, mailbox: "INBOX", moveTo: null, ca: dovecot.ca, batch: 200, ...over };
}

async function withMailbox<T>(fn: (c: ImapFlow) => Promise<T>, user = USER): Promise<T> {
  const c = new ImapFlow({ host: "127.0.0.1", port: dovecot.port, secure: true, auth: { user, pass: PASSWORD }, tls: { ca: dovecot.ca }, logger: false });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout();
  }
}

/** UID → flags of every message in a folder. */
async function folder(c: ImapFlow, path: string): Promise<{ uid: number; flags: string[]; subject: string }[]> {
  const lock = await c.getMailboxLock(path);
  try {
    const out: { uid: number; flags: string[]; subject: string }[] = [];
    if (!(c.mailbox && c.mailbox.exists)) return out;
    for await (const m of c.fetch("1:*", { uid: true, flags: true, envelope: true })) out.push({ uid: m.uid, flags: [...(m.flags ?? [])], subject: m.envelope?.subject ?? "" });
    return out;
  } finally {
    lock.release();
  }
}

const count = async (q: ReturnType<typeof sql>) => ((await rt.database.db.execute(q)) as unknown as { rows: { n: number }[] }).rows[0]!.n;

describe.skipIf(!!missing)("appeals fetch from an IMAP mailbox (Dovecot)", () => {
  beforeAll(async () => {
    dovecot = await startDovecot({ [USER]: PASSWORD, [CLI_USER]: PASSWORD, [SERVE_USER]: PASSWORD });
    rt = await createTestRuntime();
    await withMailbox(async (c) => {
      for (const f of ["utf8-multipart-qp.eml", "koi8r-8bit.eml", "cp1251-base64.eml", "html-only-outlook.eml"]) await c.append("INBOX", fixture(f));
      // A message the mail server accepted but that is not mail (a client saved a photo as a message).
      await c.append("INBOX", Buffer.from("\x89PNG\r\n\x1a\n\0\0\0 not a letter at all"));
    });
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
    await dovecot?.stop();
  });

  it("imports new messages over TLS, flags them, and leaves the unreadable one untouched", async () => {
    const ctx = rt.systemCtx("appeals fetch");
    const r = await fetchMailbox(ctx, settings());
    expect(r).toMatchObject({ messages: 5, imported: 4, duplicates: 0, marked: 4 });
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.error).toContain("not an e-mail message");

    const inbox = await withMailbox((c) => folder(c, "INBOX"));
    expect(inbox).toHaveLength(5); // nothing deleted
    const junk = inbox.find((m) => m.uid === r.failed[0]!.index)!;
    expect(junk.flags).toEqual([]); // the unreadable message is left exactly as it was
    for (const m of inbox.filter((m) => m !== junk)) expect(m.flags).toEqual(expect.arrayContaining(["\\Seen", IMPORTED_KEYWORD]));

    // The letter reads like one imported from a file: KOI8-R, cp1251, HTML-only all decoded.
    const coord = await makeUser(rt, "coordinator");
    // Held until the hour is over, then committed in shuffled order (src/services/appeals/hold.ts).
    const d = await getAppeal(coord.ctx, await appealIdByMessageId(rt, "<20240305101455.A1B2C3@example.ru>"));
    expect(d.row.channel).toBe("email");
    expect(d.text?.subject).toBe("Помогите сыну — Иванов Сергей Петрович");
    expect(d.contact).toMatchObject({ method: "email", value: "maria.ivanova.1960@example.ru" });
  });

  it("fetches again without duplicates: only the unreadable message is tried again", async () => {
    const ctx = rt.systemCtx("appeals fetch");
    const r = await fetchMailbox(ctx, settings());
    expect(r).toMatchObject({ messages: 1, imported: 0, duplicates: 0, marked: 0 });
    expect(await count(sql`select count(*)::int as n from appeal where channel = 'email'`)).toBe(4);
  });

  it("recognises a message seen before by its Message-ID (the same letter delivered twice) and moves to a folder", async () => {
    await withMailbox((c) => c.append("INBOX", fixture("koi8r-8bit.eml")));
    await withMailbox((c) => c.append("INBOX", Buffer.from(ukrainianLetter)));
    const r = await fetchMailbox(rt.systemCtx("appeals fetch"), settings({ moveTo: "Imported" }));
    expect(r).toMatchObject({ messages: 3, imported: 1, duplicates: 1, marked: 2 });
    expect(r.failed).toHaveLength(1);
    // The four flagged earlier and the unreadable one stay; the duplicate and the new letter moved.
    const inbox = await withMailbox((c) => folder(c, "INBOX"));
    expect(inbox).toHaveLength(5);
    const moved = await withMailbox((c) => folder(c, "Imported"));
    expect(moved).toHaveLength(2);
    expect(moved.map((m) => m.subject)).toContain("Про мого батька");
    for (const m of moved) expect(m.flags).toContain(IMPORTED_KEYWORD);
  });

  it("keeps the form's safety rules: hour-rounded times, Message-IDs only as keyed hashes, letters sealed", async () => {
    await commitAppealsNow(rt);
    const rows = ((await rt.database.db.execute(sql`select row_to_json(a)::text as j, received_at, created_at, message_id from appeal a`)) as unknown as { rows: { j: string; received_at: string; created_at: string; message_id: string }[] }).rows;
    expect(rows.length).toBe(5);
    for (const row of rows) {
      expect(new Date(row.received_at).getTime() % 3_600_000).toBe(0);
      expect(new Date(row.created_at).getTime() % 3_600_000).toBe(0);
      expect(row.message_id).toMatch(/^mk1\.[A-Za-z0-9_-]{43}$/);
    }
    const all = rows.map((r) => r.j).join("\n");
    for (const secret of ["maria.ivanova", "@example", "Иванов", "Коваленко", "батька"]) expect(all).not.toContain(secret);
    const times = ((await rt.database.db.execute(sql`select at from appeal_event where kind = 'imported' union all select at from audit_event where type = 'appeal.imported'`)) as unknown as { rows: { at: string }[] }).rows;
    for (const t of times) expect(new Date(t.at).getTime() % 3_600_000).toBe(0);
    const audit = ((await rt.database.db.execute(sql`select detail::text as d from audit_event`)) as unknown as { rows: { d: string }[] }).rows.map((r) => r.d).join("\n");
    expect(audit).not.toContain("example.ru");
    expect(audit).toContain('"source": "imap"');
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("refuses a server whose certificate it cannot verify, and a wrong password, with nothing imported", async () => {
    const ctx = rt.systemCtx("appeals fetch");
    await withMailbox((c) => c.append("INBOX", Buffer.from(ukrainianLetter.replace("<batko-1@ukr.test>", "<batko-2@ukr.test>"))));
    await expect(fetchMailbox(ctx, settings({ ca: undefined }))).rejects.toThrow(/self[- ]signed|certificate/i);
    await expect(fetchMailbox(ctx, settings({ password: "wrong" }))).rejects.toThrow();
    expect(await count(sql`select count(*)::int as n from appeal`)).toBe(5);
  });

  it("`allforall appeals fetch` reads the mailbox named in the environment, with the CA file it is given", async () => {
    await withMailbox((c) => c.append("INBOX", fixture("cp1251-base64.eml")), CLI_USER);
    const dir = mkdtempSync(join(tmpdir(), "aff-fetch-"));
    try {
      writeFileSync(join(dir, "ca.pem"), dovecot.ca);
      writeFileSync(join(dir, "password"), PASSWORD + "\n");
      const env: Record<string, string> = {
        DATABASE_URL: "",
        ALLFORALL_KEY: "11".repeat(32),
        ALLFORALL_IMAP_URL: `imaps://${encodeURIComponent(CLI_USER)}@127.0.0.1:${dovecot.port}/INBOX`,
        ALLFORALL_IMAP_PASSWORD_FILE: join(dir, "password"),
        ALLFORALL_IMAP_CA_FILE: join(dir, "ca.pem"),
      };
      // In this process (as the other CLI tests do): a spawned CLI pays Node's start-up and the TypeScript loader.
      const run = async (...args: string[]) => {
        const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
        Object.assign(process.env, env);
        const out: string[] = [];
        const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
        try {
          await (await buildProgram()).parseAsync(["node", "allforall", "--data", join(dir, "data"), ...args]);
        } finally {
          spy.mockRestore();
          for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        return { stdout: out.join("") };
      };
      const first = await run("appeals", "fetch", "--move-to", "Imported");
      expect(first.stdout).toContain("1 new message(s): 1 new appeal(s), 0 already imported, 1 attachment(s) stored, 1 marked as imported, 0 left in the mailbox");
      const again = await run("appeals", "fetch", "--json");
      expect(JSON.parse(again.stdout)).toMatchObject({ messages: 0, imported: 0 });
      expect(await withMailbox((c) => folder(c, "Imported"), CLI_USER)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("`serve` polls the mailbox in the background on the leader and stops cleanly", async () => {
    await withMailbox((c) => c.append("INBOX", Buffer.from(ukrainianLetter.replace("<batko-1@ukr.test>", "<batko-serve@ukr.test>"))), SERVE_USER);
    // Taken: held for the hour's batch (or committed already).
    const taken = sql`select ((select count(*) from appeal) + (select count(*) from held_appeal))::int as n`;
    const before = await count(taken);
    const stop = startAppealChannels(rt, { mailbox: settings({ user: SERVE_USER }), mailboxIntervalSeconds: 5, telegram: null, smtp: null });
    try {
      const end = Date.now() + 20_000;
      while ((await count(taken)) === before && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(await count(taken)).toBe(before + 1);
    } finally {
      await stop();
    }
  });

  it("reads its settings from the environment (imaps URL, password file or variable)", () => {
    const s = mailboxSettingsFromEnv({ ALLFORALL_IMAP_URL: "imaps://appeals%40org.test@mail.org.test/Входящие", ALLFORALL_IMAP_PASSWORD: "p", ALLFORALL_IMAP_MOVE_TO: "Imported" });
    expect(s).toMatchObject({ host: "mail.org.test", port: 993, security: "tls", user: "appeals@org.test", mailbox: "Входящие", moveTo: "Imported" });
    expect(mailboxSettingsFromEnv({ ALLFORALL_IMAP_URL: "imap://u@h", ALLFORALL_IMAP_PASSWORD: "p" })).toMatchObject({ port: 143, security: "starttls", mailbox: "INBOX" });
    expect(() => mailboxSettingsFromEnv({ ALLFORALL_IMAP_URL: "imaps://u@h" })).toThrow(/password/);
    expect(() => mailboxSettingsFromEnv({ ALLFORALL_IMAP_URL: "http://u@h", ALLFORALL_IMAP_PASSWORD: "p" })).toThrow(/imaps/);
    expect(mailboxSettingsFromEnv({})).toBeNull();
  });
});

const ukrainianLetter = [
  "From: Олена <olena.k@ukr.test>",
  "To: appeals@org.test",
  `Subject: =?UTF-8?B?${Buffer.from("Про мого батька").toString("base64")}?=`,
  "Date: Tue, 12 Mar 2024 09:31:07 +0200",
  "Message-ID: <batko-1@ukr.test>",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
  "Content-Transfer-Encoding: 8bit",
  "",
  "Прошу допомогти моєму батькові, Коваленку Івану Петровичу, 1958 р.н., його тримають у СІЗО-2 Таганрог.",
  "",
].join("\r\n");
