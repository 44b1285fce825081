// How fast `appeals fetch` empties a mailbox: N letters (Russian and Ukrainian, cp1251 and UTF-8, some with a PDF)
// appended to a real Dovecot over IMAP with TLS, then fetched into embedded PGlite; a second fetch finds nothing.
//   npx tsx bench/appeal-mailbox.ts [--count 500]
// Needs dovecot-imapd and openssl (as the tests do).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ImapFlow } from "imapflow";
import pino from "pino";
import { buildRuntime, ensureDefaultOrganisation } from "../src/app/runtime.js";
import { openDatabase } from "../src/db/client.js";
import { FieldCipher, newFieldKey } from "../src/security/fieldCipher.js";
import { fetchMailbox } from "../src/services/appeals/mailbox.js";
import { startDovecot } from "../test/helpers/dovecot.js";

const count = Number(process.argv[process.argv.indexOf("--count") + 1] || 500) || 500;
const fixtures = ["utf8-multipart-qp.eml", "koi8r-8bit.eml", "cp1251-base64.eml", "html-only-outlook.eml"].map((f) =>
  readFileSync(fileURLToPath(new URL(`../test/fixtures/mail/${f}`, import.meta.url))).toString("latin1"),
);
const dovecot = await startDovecot({ "bench@org.test": "bench-password-1" });
const database = await openDatabase({});
const rt = buildRuntime(database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), await ensureDefaultOrganisation(database));
try {
  const c = new ImapFlow({ host: "127.0.0.1", port: dovecot.port, secure: true, auth: { user: "bench@org.test", pass: "bench-password-1" }, tls: { ca: dovecot.ca }, logger: false });
  await c.connect();
  for (let i = 0; i < count; i++) {
    // Each letter its own Message-ID, so every one is a new appeal.
    const raw = fixtures[i % fixtures.length]!.replace(/^Message-ID: <([^>]*)>/im, `Message-ID: <bench-${i}-$1>`);
    await c.append("INBOX", Buffer.from(raw, "latin1"));
  }
  await c.logout();
  const settings = { host: "127.0.0.1", port: dovecot.port, security: "tls" as const, user: "bench@org.test", password: "bench-password-1", mailbox: "INBOX", moveTo: "Imported", ca: dovecot.ca, batch: 200 };
  const ctx = rt.systemCtx("bench");
  const t0 = performance.now();
  let fetched = 0;
  let imported = 0;
  for (;;) {
    const r = await fetchMailbox(ctx, settings);
    if (!r.messages) break;
    fetched += r.messages;
    imported += r.imported;
  }
  const ms = performance.now() - t0;
  const t1 = performance.now();
  const again = await fetchMailbox(ctx, settings);
  const emptyMs = performance.now() - t1;
  console.log(`${count} letters: fetched ${fetched}, imported ${imported} in ${(ms / 1000).toFixed(1)} s = ${((count / ms) * 1000).toFixed(1)} letters/s (batches of 200, moved to Imported)`);
  console.log(`an empty fetch (nothing new): ${emptyMs.toFixed(0)} ms, ${again.messages} messages`);
  console.log(`load average: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
} finally {
  await rt.close();
  await dovecot.stop();
}
