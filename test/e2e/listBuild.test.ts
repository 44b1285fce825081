import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createList } from "../../src/services/lists/lists.js";
import { listBuildsSettled, setAfterChunk, setBackgroundFrom } from "../../src/services/lists/background.js";
import { makePerson, makeUser, signInHeaders } from "../helpers/factories.js";
import { startE2E, watchConsole, type E2E } from "./harness.js";

// A list built in the background (src/services/lists/background.ts), in the staff app in Ukrainian: the list's page
// says it is being built and how far, offers no export meanwhile, the lists page marks it, and the rows appear on
// their own once the version is stored (the page reads the list again every 1.5 s).

let e2e: E2E;
let cookie: string;
let coordinatorCtx: Awaited<ReturnType<typeof makeUser>>["ctx"];

beforeAll(async () => {
  e2e = await startE2E();
  for (const name of ["Бондар Марія Іванівна", "Ткаченко Остап Петрович", "Савченко Лідія Олегівна"])
    await makePerson(e2e.rt, { primaryName: name, alternateNames: [], category: "ua_civilian_hostage", exchangeConsent: "consents" });
  const coordinator = await makeUser(e2e.rt, "coordinator");
  coordinatorCtx = coordinator.ctx;
  cookie = (await signInHeaders(e2e.app, coordinator.email)).cookie.split("=")[1]!;
});

afterAll(async () => {
  await listBuildsSettled();
  setAfterChunk(null);
  setBackgroundFrom(2000);
  await e2e?.close();
});

describe("a list built in the background, in the staff app", () => {
  it("shows its progress in Ukrainian, no export meanwhile, then its rows without a reload", async () => {
    setBackgroundFrom(1);
    // Held after its one chunk (all three people composed) until the page has been looked at.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    setAfterChunk(() => held);
    const list = await createList(coordinatorCtx, { name: "Цивільні заручники, усі", categories: ["ua_civilian_hostage"], allForAll: true });
    expect(list.build).toMatchObject({ state: "building" });

    const { context, page } = await e2e.newPage({ locale: "uk" });
    await context.addCookies([{ name: "aff_session", value: cookie, url: e2e.base }]);
    await context.addInitScript(() => localStorage.setItem("aff.locale", "uk"));
    const errors = watchConsole(page);

    await page.goto(`${e2e.base}/app/lists`);
    await page.getByText("будується", { exact: true }).waitFor();

    await page.goto(`${e2e.base}/app/lists/${list.id}`);
    const build = page.getByTestId("list-build");
    await build.getByText(/Список будується: готово 3 з 3 осіб/).waitFor();
    expect(await build.locator("progress").getAttribute("value")).toBe("3");
    expect(await page.getByRole("button", { name: "Експорт" }).isDisabled()).toBe(true);
    expect(await page.getByTestId("list-rows").locator("tbody tr").count()).toBe(0);

    release();
    const count = page.getByTestId("list-rows").getByTestId("list-rows-count");
    await count.filter({ hasText: /3 людини/ }).waitFor({ timeout: 15_000 });
    expect(await build.count()).toBe(0);
    expect(await page.getByTestId("list-rows").locator("tbody tr").count()).toBe(3);
    expect(errors).toEqual([]);
  });
});
