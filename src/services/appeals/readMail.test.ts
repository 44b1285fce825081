import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePerson, makeUser } from "../../../test/helpers/factories.js";
import { appealIdByMessageId } from "../../../test/helpers/appeals.js";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { importMailFile, importMailMessages } from "./importMail.js";
import { letterText } from "./readAppeal.js";
import { suggestAppealMatches } from "./suggest.js";
import { getAppeal } from "./triage.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/mail/${name}`, import.meta.url));

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

function mail(id: string, body: string): Buffer {
  return Buffer.from(
    [`From: family@example.org`, `To: appeals@allforall.example`, `Subject: =?UTF-8?B?${Buffer.from("Просьба о помощи").toString("base64")}?=`, `Date: Tue, 05 Mar 2024 10:14:55 +0300`, `Message-ID: <${id}@example.org>`, `MIME-Version: 1.0`, `Content-Type: text/plain; charset=utf-8`, `Content-Transfer-Encoding: base64`, ``, Buffer.from(body).toString("base64")].join("\r\n"),
  );
}

// The first letter loads the morphology dictionaries and builds the given-name forms (a few seconds, more on a
// busy machine): generous timeouts.
describe("appeals that arrive as running text", { timeout: 120_000 }, () => {
  it("a mailed letter says who it is about: triage suggests the registry person, and nothing read is stored in clear", async () => {
    const coord = await makeUser(rt, "coordinator");
    const person = await makePerson(rt, { primaryName: "Иванов Сергей Петрович", birthDate: "1985-03-12" });
    const r = await importMailFile(rt.systemCtx("import-mail"), fixture("utf8-multipart-qp.eml"));
    const d = await getAppeal(coord.ctx, await appealIdByMessageId(rt, "<20240305101455.A1B2C3@example.ru>"));
    // The reading is shown, not stored: the letter's words stay sealed until staff describe the appeal.
    expect(d.row.heldName).toBeNull();
    expect(d.facts!.people.map((p) => [p.name, p.birthDate])).toEqual([["Иванов Сергей Петрович", "1985-03-12"]]);
    expect(d.facts?.detentionDate?.value).toBe("2023-05-14");
    expect(d.facts?.relation?.value).toBe("сын");
    // Every fact points at the words it was read from.
    const text = letterText(d.text!);
    for (const p of d.facts!.people) expect(text.slice(p.span.start, p.span.end)).toBe(p.span.text);
    expect((await suggestAppealMatches(coord.ctx, d.row.id)).people[0]?.personId).toBe(person.id);
  });

  it("finds a person named in the dative in Ukrainian, and several people in one letter", async () => {
    const coord = await makeUser(rt, "coordinator");
    const person = await makePerson(rt, { primaryName: "Бондаренко Дмитро Тарасович", birthDate: "1995" });
    const body = "Добрий день! Прошу допомогти моєму сину Бондаренку Дмитру Тарасовичу, 1995 р.н. Разом з ним затримали Олену Іванівну Коваль, 1970 року народження. Утримується в СІЗО-2 Таганрог.";
    const r = await importMailMessages(rt.systemCtx("import-mail"), [mail("uk-dative", body)]);
    const d = await getAppeal(coord.ctx, await appealIdByMessageId(rt, "<uk-dative@example.org>"));
    expect(d.facts!.people.map((p) => [p.name, p.birthDate])).toEqual([
      ["Бондаренко Дмитро Тарасович", "1995"],
      ["Коваль Олена Іванівна", "1970"],
    ]);
    expect(d.facts!.facilities.map((f) => f.value)).toEqual(["СІЗО-2 Таганрог"]);
    expect((await suggestAppealMatches(coord.ctx, d.row.id)).people[0]?.personId).toBe(person.id);
  });

  it("reads nothing for those who may not read the letter", async () => {
    const r = await importMailMessages(rt.systemCtx("import-mail"), [mail("researcher", "Прошу помочь Горинову Алексею Александровичу, 1961 г.р.")]);
    const researcher = await makeUser(rt, "researcher");
    const d = await getAppeal(researcher.ctx, await appealIdByMessageId(rt, "<researcher@example.org>"));
    expect(d.text).toBeNull();
    expect(d.facts).toBeNull();
  });
});
