import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { FieldCipher, newFieldKey } from "./fieldCipher.js";
import { SealedOpener } from "./openingThread.js";
import { ERASED_VALUE, erasePersonKeys, openSealed, PersonKeyStore, sealFor } from "./personKeys.js";

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
});
