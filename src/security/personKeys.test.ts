import { appendFileSync, linkSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FieldCipher, newFieldKey } from "./fieldCipher.js";
import { heldKey } from "./keyRegistry.js";
import { backupPersonKeyFile, ERASED_VALUE, openSealed, PersonKeyStore, restorePersonKeyFile, sealFor } from "./personKeys.js";

// The per-person key store file: keys wrapped by the field key, appended before use, erased by rewriting the file
// (the old bytes zeroed), its own backup and restore, re-wrapping on field-key rotation.

const dir = mkdtempSync(join(tmpdir(), "aff-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("person key store file", () => {
  // Two processes making a key for the same person at once (each host's first worker sealing what an older version
  // left in clear): the key the store kept first is the one both use; a second line would make two keys of one person,
  // and the values sealed under the one not read back could never be opened again.
  it("takes the key another process appended for the same person meanwhile, and appends none of its own", () => {
    const path = join(dir, "race.key.people");
    const field = new FieldCipher([newFieldKey()]);
    const store = PersonKeyStore.openFile(path, field);
    const [id, other] = [randomUUID(), randomUUID()];
    store.createMany([other]);
    const theirs = randomBytes(32);
    appendFileSync(path, `${id} ${field.seal(`${id}:${theirs.toString("hex")}`)}\n`);
    store.createMany([id]);
    expect(heldKey(id)).toEqual(theirs);
    expect(readFileSync(path, "utf8").split("\n").filter((l) => l.startsWith(id))).toHaveLength(1);
    expect(store.ids()).toEqual([other, id]);
  });

  it("lists the ids of its lines as the file has them, whoever appended or rewrote it", () => {
    const path = join(dir, "ids.key.people");
    const field = new FieldCipher([newFieldKey()]);
    const one = PersonKeyStore.openFile(path, field);
    const other = PersonKeyStore.openFile(path, field);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    one.createMany([a]);
    expect(one.ids()).toEqual([a]);
    // Another process's append (the same file, another store): seen by both.
    other.createMany([b]);
    expect(one.ids()).toEqual([a, b]);
    expect(other.ids()).toEqual([a, b]);
    one.createMany([c]);
    expect(other.ids()).toEqual([a, b, c]);
    // A rewrite by the other (an erasure): the first lists what the file now holds.
    other.erase([b]);
    expect(one.ids()).toEqual([a, c]);
    expect(PersonKeyStore.openFile(path, field).ids()).toEqual([a, c]);
  });

  // Another process's rewrites (erasures: a new file each time) can give the file back the inode number this one read
  // (a freed inode is soon handed out again: on ext4, two rewrites in a row do it), and its appends then the size
  // this one read. Same inode and size, other keys: they must still be seen.
  it("sees another process's keys after its rewrites gave the file back the inode and size this one read", () => {
    const path = join(dir, "reuse.key.people");
    const field = new FieldCipher([newFieldKey()]);
    const first = PersonKeyStore.openFile(path, field);
    const [a, b, c, d, e] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    first.createMany([a, b, c]);
    const read = statSync(path);
    // The inode this one read, kept by a link (as if freed and handed out again).
    const kept = `${path}.inode`;
    linkSync(path, kept);
    const other = PersonKeyStore.openFile(path, field);
    other.erase([b]);
    other.erase([c]);
    const key = other.create(d);
    other.create(e);
    // The other's file under that inode: its bytes written into it, and it takes the name again.
    writeFileSync(kept, readFileSync(path));
    renameSync(kept, path);
    expect([statSync(path).ino, statSync(path).size]).toEqual([read.ino, read.size]);
    expect(first.ids()).toEqual([a, d, e]);
    expect(first.refresh(d)?.equals(key)).toBe(true);
  });

  // Another process appends a batch of keys (an import's: many pages) while this one reads the file: the read may end
  // inside a line. The part read must not be taken for a line (a key under a cut id, or a cut key), nor skipped over.
  it("reads another process's append only once its line is whole, wherever the read cut it", () => {
    const field = new FieldCipher([newFieldKey()]);
    for (const where of ["in the id", "after the id", "in the key"] as const) {
      const path = join(dir, `cut-${where.replaceAll(" ", "-")}.key.people`);
      const store = PersonKeyStore.openFile(path, field);
      const [id, next] = [randomUUID(), randomUUID()];
      const key = randomBytes(32);
      const line = `${id} ${field.seal(`${id}:${key.toString("hex")}`)}\n`;
      const cut = where === "in the id" ? 10 : where === "after the id" ? id.length + 1 : line.length - 8;
      appendFileSync(path, line.slice(0, cut));
      expect(store.refresh(id)).toBeUndefined();
      expect(store.ids()).toEqual([]);
      appendFileSync(path, line.slice(cut));
      expect(store.refresh(id)?.equals(key), where).toBe(true);
      expect(store.ids()).toEqual([id]);
      // The store's own appends go on after the whole line.
      store.createMany([next]);
      expect(store.ids()).toEqual([id, next]);
      expect(PersonKeyStore.openFile(path, field).ids()).toEqual([id, next]);
    }
    // A whole last line without its newline (a file edited by hand) is a line.
    const path = join(dir, "no-newline.key.people");
    const id = randomUUID();
    const key = randomBytes(32);
    writeFileSync(path, `# keys\n${id} ${field.seal(`${id}:${key.toString("hex")}`)}`, { mode: 0o600 });
    const store = PersonKeyStore.openFile(path, field);
    expect(store.ids()).toEqual([id]);
    expect(openSealed(sealFor(id, "Иванов Сергей"))).toBe("Иванов Сергей");
    expect(store.ids()).toEqual([id]);
  });

  // Keys are unwrapped on first use; at opening one is unwrapped per field key the lines name, so that a store with
  // lines under a field key the key file no longer holds (another process appended under the old one during a
  // rotation) is refused at start-up, not person by person at the first read of their names.
  it("refuses at opening a store with lines under a field key it does not hold, whichever line comes first", () => {
    const [a, b] = [newFieldKey(), newFieldKey()];
    const line = (cipher: FieldCipher, id = randomUUID()) => `${id} ${cipher.seal(`${id}:${randomBytes(32).toString("hex")}`)}\n`;
    const path = join(dir, "two-field-keys.key.people");
    writeFileSync(path, `# keys\n${line(new FieldCipher([a]))}${line(new FieldCipher([a]))}${line(new FieldCipher([b]))}`, { mode: 0o600 });
    expect(() => PersonKeyStore.openFile(path, new FieldCipher([a]))).toThrow(/no key/);
    expect(PersonKeyStore.openFile(path, new FieldCipher([a, b])).ids()).toHaveLength(3);
  });

  it("keeps keys wrapped (0600), opens them in a new process, erases one for good, backs up and restores", () => {
    const path = join(dir, "data.key.people");
    const field = new FieldCipher([newFieldKey()]);
    const store = PersonKeyStore.openFile(path, field);
    const [a, b] = [randomUUID(), randomUUID()];
    const va = sealFor(a, "Иванова Анна");
    const vb = sealFor(b, "Петров Борис");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, "utf8");
    expect(text).toContain(a);
    // Wrapped: the raw key (hex of 32 bytes) is not in the file.
    expect(text.split("\n").filter((l) => /[0-9a-f]{64}/.test(l))).toEqual([]);

    // A backup taken now still holds both keys.
    const backup = join(dir, "keys.backup");
    expect(backupPersonKeyFile(path, backup)).toBe(2);
    expect(statSync(backup).mode & 0o777).toBe(0o600);

    store.erase([a]);
    expect(readFileSync(path, "utf8")).not.toContain(a);
    expect(openSealed(va)).toBe(ERASED_VALUE);
    expect(openSealed(vb)).toBe("Петров Борис");
    // A fresh store read from the file (another process) has b's key and not a's.
    const again = PersonKeyStore.openFile(path, field);
    expect([again.has(a), again.has(b)]).toEqual([false, true]);

    // Restoring needs --force over an existing store (it would bring erased keys back).
    expect(() => restorePersonKeyFile(backup, path, false)).toThrow(/exists/);
    expect(restorePersonKeyFile(backup, path, true)).toBe(2);
    const restored = PersonKeyStore.openFile(path, field);
    expect(restored.has(a)).toBe(true);
    expect(openSealed(va)).toBe("Иванова Анна");
  });

  it("re-wraps every key under a new field key; the old field key then opens nothing", () => {
    const path = join(dir, "rotate.people");
    const old = newFieldKey();
    const store = PersonKeyStore.openFile(path, new FieldCipher([old]));
    const id = randomUUID();
    const v = sealFor(id, "Сидорова Вера");
    const fresh = newFieldKey();
    expect(store.rewrap(new FieldCipher([fresh, old]))).toBe(1);
    expect(() => PersonKeyStore.openFile(path, new FieldCipher([old]))).toThrow(/no key/);
    PersonKeyStore.openFile(path, new FieldCipher([fresh]));
    expect(openSealed(v)).toBe("Сидорова Вера");
  });

  it("finishes a rewrite a crash interrupted after the old file was zeroed, and drops one interrupted before", () => {
    const path = join(dir, "crash.people");
    const field = new FieldCipher([newFieldKey()]);
    PersonKeyStore.openFile(path, field);
    const id = randomUUID();
    sealFor(id, "x");
    const complete = readFileSync(path, "utf8");
    // Crash after zeroing: the new file aside is complete, the store file is zeros.
    writeFileSync(`${path}.new`, complete);
    writeFileSync(path, Buffer.alloc(complete.length));
    expect(PersonKeyStore.openFile(path, field).has(id)).toBe(true);
    // Crash before zeroing: the store is intact, the half-written new file is dropped.
    writeFileSync(`${path}.new`, "# half");
    expect(PersonKeyStore.openFile(path, field).has(id)).toBe(true);
    expect(() => statSync(`${path}.new`)).toThrow();
  });
});
