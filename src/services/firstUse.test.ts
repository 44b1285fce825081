import { describe, expect, it } from "vitest";
import { onFirstUse } from "./firstUse.js";
import { excelJs } from "./tabular/excel.js";
import { pdfKit } from "./pdfkit.js";

describe("onFirstUse", () => {
  it("loads once, however many ask, at once or later", async () => {
    let loads = 0;
    const get = onFirstUse(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(loads).toBe(1);
  });

  it("forgets a failed load: the next call tries again, and every caller of the failed one hears the failure", async () => {
    let loads = 0;
    const get = onFirstUse(async () => {
      if (++loads === 1) throw new Error("EMFILE: too many open files");
      return "module";
    });
    const first = await Promise.allSettled([get(), get()]);
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await get()).toBe("module");
    expect(await get()).toBe("module");
    expect(loads).toBe(2);
  });

  it("is what the libraries loaded on first use go through: each gives the same module twice", async () => {
    expect(await excelJs()).toBe(await excelJs());
    expect(typeof (await pdfKit())).toBe("function");
  });
});
