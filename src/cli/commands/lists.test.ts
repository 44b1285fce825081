import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makePerson } from "../../../test/helpers/factories.js";
import { changeListMembers, createList } from "../../services/lists/lists.js";
import { buildProgram } from "../main.js";
import { importCounterpartList } from "../../services/lists/counterpart.js";
import { diffText, reportText, showText } from "./lists.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("allforall lists", () => {
  it("is registered with create, show, diff, export and freeze", async () => {
    const lists = (await buildProgram()).commands.find((c) => c.name() === "lists");
    expect(lists?.commands.map((c) => c.name())).toEqual(expect.arrayContaining(["create", "show", "diff", "export", "freeze", "members", "import", "report", "copy", "outcome"]));
  });

  it("show prints rows with the reasons; diff prints what changed", async () => {
    const ctx = rt.systemCtx("test");
    const a = await makePerson(rt, { exchangeConsent: "consents" });
    const b = await makePerson(rt, { primaryName: "Отказов Пётр Ильич", alternateNames: [], exchangeConsent: "refuses" });
    const l = await createList(ctx, { name: "CLI list", categories: ["ru_political_prisoner"], allForAll: true });
    const shown = (await showText(ctx, l.id)).join("\n");
    expect(shown).toContain("CLI list");
    expect(shown).toMatch(/Горинов Алексей Александрович \/ Gorinov Aleksei Aleksandrovich/);
    expect(shown).toContain("not eligible: refuses to be exchanged");
    await changeListMembers(ctx, l.id, { remove: [a.id] });
    const diff = (await diffText(ctx, l.id, 1, 2)).join("\n");
    expect(diff).toContain("0 added, 0 removed, 1 changed");
    expect(diff).toContain('reasons [] → ["removed_by_hand"]');
    expect(b.id).toBeTruthy();

    const their = await importCounterpartList(ctx, { name: "Theirs", fileName: "t.csv", content: Buffer.from("ФИО\nГоринов Алексей Александрович\nНикто Никтоевич\n"), comparedWithListId: l.id });
    const report = (await reportText(ctx, their.id)).join("\n");
    expect(report).toMatch(/1\s+political prisoners/);
    expect(report).toMatch(/1\s+unknown \(not in the registry\)/);
    expect(report).toContain('On our list "CLI list" v2, missing from theirs (0)');
  });
});
