/** Wording shared by the credit lines, the parole line and the summary of a release-date working. */
import type { CreditRatio, CustodyPeriod, RuleRef } from "./types.js";

export const RATIO_TEXT: Readonly<Record<CreditRatio, string>> = {
  "1:1": "× 1",
  "1:1.5": "× 1.5",
  "1:2": "× 2",
  "2:1": "÷ 2",
};

export const KIND_TEXT: Readonly<Record<CustodyPeriod["kind"], string>> = {
  sizo: "SIZO",
  house_arrest: "House arrest",
  ban_on_actions: "Ban on actions",
};

export function fmtDays(quarters: number): string {
  const d = quarters / 4;
  return Number.isInteger(d) ? String(d) : d.toFixed(2).replace(/0$/, "");
}

/** Short citation, e.g. "art. 72 part 3.1(b)", "PEC art. 173 part 2", "CPC art. 109 part 10 item 1.1". */
export function ruleCite(r: RuleRef): string {
  const prefix = { RU_CC: "", RU_PEC: "PEC ", RU_CPC: "CPC ", RU_LC: "Labour Code ", PRACTICE: "", CONVENTION: "" }[r.source];
  if (!r.article) return r.source === "PRACTICE" ? "as stated by the court" : "convention, see docs";
  let s = `${prefix}art. ${r.article}`;
  if (r.part) s += ` part ${r.part}`;
  if (r.item) s += r.source === "RU_CC" ? `(${r.item})` : ` item ${r.item}`;
  return s;
}
