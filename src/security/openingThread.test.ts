import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FieldCipher, newFieldKey } from "./fieldCipher.js";
import { SealedOpener } from "./openingThread.js";
import { ERASED_VALUE, erasePersonKeys, KEY_STORE_HEADER, openSealed, PersonKeyStore, sealFor } from "./personKeys.js";

// The start-up's opening thread must open exactly what openSealed opens, and fail exactly where it fails.
describe("opening sealed values in a thread of their own", () => {
  const opener = new SealedOpener();
  afterAll(() => opener.close());
  PersonKeyStore.memory(new FieldCipher([newFieldKey()]));

  it("opens a batch as openSealed does: names in both scripts, an erased person's placeholder, in order", async () => {
    const people = Array.from({ length: 50 }, () => randomUUID());
    const names = ["Горинов Алексей Александрович", "Шевченко Тарас Григорович", "Мар'яна Зграя", "Alexei Gorinov", "", "Ёлкин 🙂"];
    const sealed = people.flatMap((id, i) => [sealFor(id, names[i % names.length]!), sealFor(id, `${names[(i + 1) % names.length]!} ${i}`)]);
    erasePersonKeys([people[3]!, people[7]!]);
    const opened = await opener.openMany(sealed);
    expect(opened).toEqual(sealed.map(openSealed));
    expect(opened.filter((v) => v === ERASED_VALUE)).toHaveLength(4);
    expect(opened[0]).toBe(names[0]);
  });

  it("opens a value of someone outside the people named as openSealed does (keys sent for the named ones only)", async () => {
    const [named, other, erased] = [randomUUID(), randomUUID(), randomUUID()];
    const sealed = [sealFor(named, "Бондаренко Ганна"), sealFor(other, "Ткаченко Юрій"), sealFor(named, "Bondarenko Hanna"), sealFor(erased, "Лисенко Ольга")];
    erasePersonKeys([erased]);
    const opened = await opener.openMany(sealed, [named]);
    expect(opened).toEqual(["Бондаренко Ганна", "Ткаченко Юрій", "Bondarenko Hanna", ERASED_VALUE]);
    expect(opened).toEqual(sealed.map(openSealed));
  });

  it("opens JSON texts of sealed values (the full build's slices) as openSealed does, in order across the texts", async () => {
    const [named, other, erased] = [randomUUID(), randomUUID(), randomUUID()];
    const first = [sealFor(named, "Бондаренко Ганна"), sealFor(erased, "Лисенко Ольга")];
    const second = [sealFor(other, "Ткаченко \"Юрій\"\n"), sealFor(named, "Bondarenko Hanna")];
    erasePersonKeys([erased]);
    // `other`'s key is not sent: the thread hands the value back, opened here.
    // As json_agg writes them (", " between values) and as JSON.stringify does.
    const opened = await opener.openJson([`[${first.map((v) => JSON.stringify(v)).join(", ")}]`, JSON.stringify(second)], [named, erased]);
    expect(opened).toEqual([...first, ...second].map(openSealed));
    expect(opened).toEqual(["Бондаренко Ганна", ERASED_VALUE, "Ткаченко \"Юрій\"\n", "Bondarenko Hanna"]);
    await expect(opener.openJson([JSON.stringify([first[0], "Иванов Иван"])], [named])).rejects.toThrow();
  });

  it("throws where openSealed throws: a plaintext left in a sealed column, a malformed or tampered value", async () => {
    const id = randomUUID();
    const good = sealFor(id, "Иванов Иван");
    const tampered = good.slice(0, -3) + (good.endsWith("AAA") ? "BBB" : "AAA");
    for (const bad of ["Иванов Иван", "p1.broken", tampered]) {
      expect(() => openSealed(bad)).toThrow();
      await expect(opener.openMany([good, bad])).rejects.toThrow();
    }
    expect(await opener.openMany([good])).toEqual(["Иванов Иван"]);
  });

  it("unwraps the keys of a store read from its file in the thread (the main thread has not), and refuses a key bound to another person", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-opening-"));
    try {
      // A key store written by another process: keys this process has never held, so they stay wrapped until used.
      const cipher = new FieldCipher([newFieldKey()]);
      const file = join(dir, "keys");
      const people = Array.from({ length: 30 }, () => randomUUID());
      const keys = people.map(() => randomBytes(32));
      const line = (id: string, key: Buffer) => `${id} ${cipher.seal(`${id}:${key.toString("hex")}`)}`;
      writeFileSync(file, [KEY_STORE_HEADER, ...people.map((id, i) => line(id, keys[i]!)), ""].join("\n"));
      const sealed = people.map((id, i) => sealWith(keys[i]!, id, `Петренко Олена ${i}`));
      PersonKeyStore.openFile(file, cipher);
      expect(await opener.openMany(sealed)).toEqual(people.map((_, i) => `Петренко Олена ${i}`));
      // The line of one person holding another's key (a tampered store): neither the thread nor openSealed opens with it.
      const [a, b] = [randomUUID(), randomUUID()];
      const [ka, kb] = [randomBytes(32), randomBytes(32)];
      writeFileSync(file, [KEY_STORE_HEADER, line(people[0]!, keys[0]!), `${a} ${line(b, kb).split(" ")[1]}`, line(b, ka), ""].join("\n"));
      PersonKeyStore.openFile(file, cipher);
      await expect(opener.openMany([sealed[0]!, sealWith(ka, a, "Коваль Іван")])).rejects.toThrow(/belongs to another person/);
      expect(() => openSealed(sealWith(kb, a, "Коваль Петро"))).toThrow(/belongs to another person/);
      expect(openSealed(sealWith(ka, b, "Коваль Петро"))).toBe("Коваль Петро");
      expect(await opener.openMany([sealed[0]!])).toEqual(["Петренко Олена 0"]);
    } finally {
      PersonKeyStore.memory(new FieldCipher([newFieldKey()]));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A value sealed under a person's key, in the format of personKeys.ts ("p1.<personId>.<iv>.<ciphertext>.<tag>"). */
function sealWith(key: Buffer, personId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(personId));
  const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  return `p1.${personId}.${iv.toString("base64url")}.${ct.toString("base64url")}.${c.getAuthTag().toString("base64url")}`;
}
