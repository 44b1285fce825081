import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { appealIdByMessageId } from "../../../test/helpers/appeals.js";
import { makeUser } from "../../../test/helpers/factories.js";
import { verifyAuditChain } from "../audit.js";
import { getAppeal, readAppealAttachment } from "./triage.js";
import { importMailFile } from "./importMail.js";
import { guessLanguage, parseMail, splitMbox, type ParsedMail } from "./mail.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/mail/${name}`, import.meta.url));

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("parsing real-world shaped mail", () => {
  it("reads UTF-8 multipart with quoted-printable text, RFC 2047 headers and an RFC 2231 attachment name", async () => {
    const m = await parseMail(readFileSync(fixture("utf8-multipart-qp.eml")));
    expect(m.messageId).toBe("<20240305101455.A1B2C3@example.ru>");
    expect(m.fromName).toBe("Мария Иванова");
    expect(m.fromAddress).toBe("maria.ivanova.1960@example.ru");
    expect(m.subject).toBe("Помогите сыну — Иванов Сергей Петрович");
    expect(m.text).toContain("Иванов Сергей Петрович, 12.03.1985 г.р.");
    expect(m.date?.toISOString()).toBe("2024-03-05T07:14:55.000Z");
    expect(m.language).toBe("ru");
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]!.filename).toBe("постановление.pdf");
    expect(m.attachments[0]!.contentType).toBe("application/pdf");
    expect(m.attachments[0]!.content.subarray(0, 8).toString()).toBe("%PDF-1.4");
  });

  it("reads KOI8-R 8-bit bodies and headers", async () => {
    const m = await parseMail(readFileSync(fixture("koi8r-8bit.eml")));
    expect(m.subject).toBe("Муж в СИЗО, нужна помощь");
    expect(m.fromName).toBe("Ольга Смирнова");
    expect(m.text).toContain("Смирнов Алексей Викторович, 1979 года рождения");
    expect(m.attachments).toHaveLength(0);
  });

  it("reads windows-1251 base64 bodies and a JPEG attachment with an encoded name", async () => {
    const m = await parseMail(readFileSync(fixture("cp1251-base64.eml")));
    expect(m.subject).toBe("Брат в ИК-6, нужна медицинская помощь");
    expect(m.text).toContain("Кузнецов Дмитрий Андреевич (05.11.1990)");
    expect(m.attachments[0]!.filename).toBe("письмо.jpg");
    expect(m.attachments[0]!.content.length).toBe(5013);
    expect([...m.attachments[0]!.content.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it("turns an HTML-only windows-1251 letter (Outlook) into text", async () => {
    const m = await parseMail(readFileSync(fixture("html-only-outlook.eml")));
    expect(m.subject).toBe("Отец в ИК-2");
    expect(m.fromName).toBe("Ирина Лебедева");
    expect(m.text).toContain("Лебедев Виктор Семёнович");
    expect(m.text).toContain("у него диабет");
    expect(m.text).not.toContain("<b>");
  });

  it("splits an mbox, unquoting >From lines, keeping 8-bit bytes", async () => {
    const raws: Buffer[] = [];
    for await (const r of splitMbox(fixture("inbox.mbox"))) raws.push(r);
    expect(raws).toHaveLength(3);
    const parsed = await Promise.all(raws.map(parseMail));
    expect(parsed[0]!.language).toBe("uk");
    expect(parsed[0]!.text).toContain("Коваленко Олександр Іванович");
    expect(parsed[1]!.subject).toBe("Письма для сестры");
    expect(parsed[1]!.text).toContain("Петрова Анна Сергеевна");
    expect(parsed[2]!.text).toContain("\nFrom what I know");
    // No Message-ID: named by a hash of its bytes, so re-imports still recognise it.
    expect(parsed[2]!.messageId).toMatch(/^<sha256-[0-9a-f]{64}@allforall\.invalid>$/);
  });

  it("splits an mbox without blank lines between messages, by full envelope lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mbox-"));
    const path = join(dir, "tight.mbox");
    writeFileSync(
      path,
      [
        "From a@example.org Mon Apr 15 18:45:00 2024",
        "Message-ID: <t1@example.org>",
        "Subject: one",
        "",
        "First letter.",
        "From here on I write about my son.",
        "From b@example.org Tue Apr 16 09:00:00 2024",
        "Message-ID: <t2@example.org>",
        "Subject: two",
        "",
        "Second letter.",
        "",
      ].join("\r\n"),
    );
    const parsed: ParsedMail[] = [];
    for await (const raw of splitMbox(path)) parsed.push(await parseMail(raw));
    rmSync(dir, { recursive: true, force: true });
    expect(parsed.map((m) => m.subject)).toEqual(["one", "two"]);
    expect(parsed[0]!.text).toContain("From here on I write about my son.");
  });

  it("guesses the language from the letters used", () => {
    expect(guessLanguage("Мій батько")).toBe("uk");
    expect(guessLanguage("Мой отец")).toBe("ru");
    expect(guessLanguage("My father")).toBe("en");
  });
});

describe("importing mail as appeals", () => {
  it("imports .eml files and an mbox, seals everything, and is idempotent by Message-ID", async () => {
    const ctx = rt.systemCtx("import-mail");
    const first = await importMailFile(ctx, fixture("utf8-multipart-qp.eml"));
    expect(first).toMatchObject({ messages: 1, imported: 1, duplicates: 0, attachments: 1, failed: [] });
    const koi = await importMailFile(ctx, fixture("koi8r-8bit.eml"));
    const cp = await importMailFile(ctx, fixture("cp1251-base64.eml"));
    const box = await importMailFile(ctx, fixture("inbox.mbox"));
    expect(box).toMatchObject({ messages: 3, imported: 3, duplicates: 0 });
    expect(koi.imported + cp.imported).toBe(2);

    // Again: nothing new.
    const again = await importMailFile(ctx, fixture("inbox.mbox"));
    expect(again).toMatchObject({ messages: 3, imported: 0, duplicates: 3 });
    expect((await importMailFile(ctx, fixture("utf8-multipart-qp.eml"))).duplicates).toBe(1);
    // Held until the hour is over, then committed as one shuffled batch.
    const firstId = await appealIdByMessageId(rt, "<20240305101455.A1B2C3@example.ru>");
    const n = await rt.database.db.execute(sql`select count(*)::int as n from appeal where channel = 'email'`);
    expect((n as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(6);

    // A coordinator reads the letter, the sender and the attachment; the read is audited.
    const coord = await makeUser(rt, "coordinator");
    const d = await getAppeal(coord.ctx, firstId);
    expect(d.row.channel).toBe("email");
    expect(d.row.language).toBe("ru");
    // The Date header was 07:14:55 UTC: like the form, the appeal keeps the hour only.
    expect(d.row.receivedAt.toISOString()).toBe("2024-03-05T07:00:00.000Z");
    expect(d.row.createdAt.getTime() % 3_600_000).toBe(0);
    expect(d.contact).toMatchObject({ method: "email", value: "maria.ivanova.1960@example.ru", name: "Мария Иванова" });
    expect(d.text?.subject).toBe("Помогите сыну — Иванов Сергей Петрович");
    expect(d.attachments).toEqual([expect.objectContaining({ filename: "постановление.pdf", contentType: "application/pdf" })]);
    const file = await readAppealAttachment(coord.ctx, d.row.id, d.attachments[0]!.id);
    expect(file.content.subarray(0, 8).toString()).toBe("%PDF-1.4");

    // At rest: no sender, no letter text, no file name, no attachment bytes in the clear.
    const dump = await rt.database.db.execute(
      sql`select coalesce(string_agg(row_to_json(a)::text, E'\n'), '') as a, (select coalesce(string_agg(row_to_json(t)::text, E'\n'), '') from appeal_attachment t) as t from appeal a`,
    );
    const text = JSON.stringify((dump as unknown as { rows: unknown[] }).rows);
    for (const secret of ["maria.ivanova", "Мария", "Иванов", "Смирнов", "olga.s@", "постановление", "письмо.jpg", "Kuznetsova", "PDF-1.4", "Коваленко", "A1B2C3@example.ru", "@allforall.invalid"])
      expect(text).not.toContain(secret);

    const audit = await rt.database.db.execute(sql`select type, detail::text as detail from audit_event where type like 'appeal.%'`);
    const entries = (audit as unknown as { rows: { type: string; detail: string }[] }).rows;
    expect(entries.filter((e) => e.type === "appeal.imported")).toHaveLength(6);
    expect(entries.map((e) => e.detail).join("\n")).not.toContain("maria");
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("recognises a letter imported before message ids were kept as keyed hashes", async () => {
    const ctx = rt.systemCtx("import-mail");
    const org = rt.organisationId;
    await rt.database.db.execute(sql`update appeal set message_id = '<20240305101455.A1B2C3@example.ru>' where organisation_id = ${org} and id = (select id from appeal where channel = 'email' order by seq limit 1)`);
    expect((await importMailFile(ctx, fixture("utf8-multipart-qp.eml"))).duplicates).toBe(1);
  });

  it("refuses the import to roles without the import permission", async () => {
    const researcher = await makeUser(rt, "researcher");
    await expect(importMailFile(researcher.ctx, fixture("koi8r-8bit.eml"))).rejects.toMatchObject({ kind: "forbidden" });
  });
});
