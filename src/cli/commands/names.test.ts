import { describe, expect, it } from "vitest";
import { Command } from "commander";
import { comparePairsText, formatComparison, registerNamesCommands } from "./names.js";
import { compareNames } from "../../domain/names/index.js";

describe("names pairs", () => {
  it("prints score<TAB>verdict per line, in order", () => {
    const out = comparePairsText("Алексей Горинов\tAlexei Gorinov\nOleg Navalny\tAlexei Navalny\n", "in.tsv");
    expect(out).toEqual(["1.000\tmatch", expect.stringMatching(/^0\.\d{3}\tnone$/)]);
  });

  it("takes the last two columns when there are more", () => {
    const out = comparePairsText("17\tx\tSerhiy Tsyhipa\tSergei Tsigipa\r\n", "in.tsv");
    expect(out).toEqual([`${compareNames("Serhiy Tsyhipa", "Sergei Tsigipa").score.toFixed(3)}\tmatch`]);
  });

  it("names the file and line of bad input", () => {
    expect(() => comparePairsText("A\tB\nonly one column\n", "list.tsv")).toThrow(/list\.tsv:2: expected two names/);
    expect(() => comparePairsText("A\t \n", "list.tsv")).toThrow(/list\.tsv:1: empty name/);
  });

  it("handles an empty file and a byte-order mark", () => {
    expect(comparePairsText("", "e.tsv")).toEqual([]);
    expect(comparePairsText("\uFEFFGorinov\tGorinov\n", "b.tsv")).toEqual(["1.000\tmatch"]);
  });
});

describe("names compare", () => {
  it("formats score, verdict and explanation", () => {
    const text = formatComparison(compareNames("Алексей Горинов", "GORINOV ALEKSEI"));
    expect(text.split("\n")[0]).toBe("score 1.000  verdict match");
    expect(text).toMatch(/ {2}- surname: Горинов = GORINOV/);
  });

  it("registers names compare and names pairs", () => {
    const program = new Command();
    registerNamesCommands(program);
    const names = program.commands.find((c) => c.name() === "names");
    expect(names?.commands.map((c) => c.name()).sort()).toEqual(["compare", "pairs"]);
  });
});
