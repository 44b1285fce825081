import { describe, expect, it } from "vitest";
import { createAssessment, decideRecognition, describeRecognition, recognitionState } from "./decide.js";
import type { AssessmentInput, RecognitionAssessment, Reviewer } from "./types.js";

const input: AssessmentInput = {
  personId: "p1",
  caseId: "c1",
  criteria: [
    { criterion: "a", met: true, reasoning: "Sentenced for anti-war posts (freedom of expression).", sources: ["verdict of 2023-03-01"] },
    { criterion: "e", met: true, reasoning: "Court refused all defence motions; expert report by FSB institute.", sources: ["trial record, OVD-Info"] },
    { criterion: "b", met: false, reasoning: "There is a formal charge." },
  ],
  exclusions: [{ kind: "violence_against_persons", applies: false, note: "No violence alleged." }],
  proposal: "recognised",
  summary: "207.3 part 2 for Telegram posts.",
};

const author: Reviewer = { id: "u-author", roles: ["coordinator"] };
const second: Reviewer = { id: "u-second", roles: ["coordinator"] };
const coordinator: Reviewer = { id: "u-coord", roles: ["admin"] };
const viewer: Reviewer = { id: "u-viewer", roles: ["volunteer"] };
const editor: Reviewer = { id: "u-editor", roles: ["researcher"] };

function fresh(over: Partial<AssessmentInput> = {}): RecognitionAssessment {
  return createAssessment({ ...input, ...over }, { id: "a1", authorId: author.id, createdAt: "2026-11-01T10:00:00Z" });
}

const at = "2026-11-02T10:00:00Z";

describe("four-eyes rule", () => {
  it.each([
    ["the author, even with a deciding role", author, "AUTHOR_CANNOT_DECIDE"],
    ["a viewer (volunteer)", viewer, "ROLE_REQUIRED"],
    ["a researcher (may assess, not decide)", editor, "ROLE_REQUIRED"],
  ] as const)("refuses %s", (_label, who, code) => {
    const a = fresh();
    for (const outcome of ["recognised", "not_recognised", "needs_more_information"] as const) {
      const r = decideRecognition(a, who, { outcome, reason: "ok", at });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe(code);
    }
    expect(a.decisions).toHaveLength(0);
  });

  it("a second reviewer who is not the author decides; the input is not mutated", () => {
    const a = fresh();
    const r = decideRecognition(a, second, { outcome: "recognised", reason: "Criteria (a) and (e) met.", at });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(a.decisions).toHaveLength(0);
    expect(r.assessment.decisions).toEqual([{ seq: 1, outcome: "recognised", reason: "Criteria (a) and (e) met.", reviewerId: "u-second", at }]);
    const st = recognitionState(r.assessment);
    expect(st.status).toBe("recognised");
    expect(st.criteriaMet).toEqual(["a", "e"]);
    // Both people and both reasons are on record.
    expect(r.assessment.authorId).toBe("u-author");
    expect(r.assessment.summary).toContain("207.3");
  });

  it("the deciding roles can come from the caller's permission table", () => {
    const r = decideRecognition(fresh(), editor, { outcome: "needs_more_information", reason: "need the verdict", at }, { deciderRoles: ["researcher"] });
    expect(r.ok).toBe(true);
  });

  it("needs a reason", () => {
    const r = decideRecognition(fresh(), second, { outcome: "not_recognised", reason: "   ", at });
    expect(r).toMatchObject({ ok: false, code: "REASON_REQUIRED" });
  });
});

describe("consistency of the decision with the assessment", () => {
  it("cannot recognise with no criterion met", () => {
    const a = fresh({ criteria: [{ criterion: "b", met: false, reasoning: "charge exists", sources: ["indictment"] }] });
    expect(decideRecognition(a, second, { outcome: "recognised", reason: "x", at })).toMatchObject({ ok: false, code: "NO_CRITERION_MET" });
    expect(decideRecognition(a, second, { outcome: "not_recognised", reason: "no criterion", at }).ok).toBe(true);
  });

  it("recognising despite an applying exclusion needs an explicit acknowledgement, which is recorded", () => {
    const a = fresh({ exclusions: [{ kind: "violence_against_persons", applies: true, note: "Pushed a police officer (318 part 1)." }] });
    expect(decideRecognition(a, second, { outcome: "recognised", reason: "x", at })).toMatchObject({ ok: false, code: "EXCLUSION_APPLIES" });
    const r = decideRecognition(a, second, { outcome: "recognised", reason: "Force minimal, sentence disproportionate (c).", at, acknowledgeExclusions: true });
    expect(r.ok && r.decision.exclusionsAcknowledged).toBe(true);
  });

  it("a decision on the merits needs a source for each criterion found met; 'needs more information' does not", () => {
    const a = fresh({ criteria: [{ criterion: "a", met: true, reasoning: "posts", sources: [] }] });
    expect(decideRecognition(a, second, { outcome: "recognised", reason: "Criterion (a) met.", at })).toMatchObject({ ok: false, code: "SOURCES_REQUIRED" });
    expect(decideRecognition(a, second, { outcome: "not_recognised", reason: "No.", at })).toMatchObject({ ok: false, code: "SOURCES_REQUIRED" });
    expect(decideRecognition(a, second, { outcome: "needs_more_information", reason: "Find the verdict.", at }).ok).toBe(true);
  });

  it("flags a criterion and an exclusion that contradict each other", () => {
    const a = fresh({
      criteria: [
        { criterion: "b", met: true, reasoning: "no offence", sources: ["s"] },
        { criterion: "e", met: true, reasoning: "unfair", sources: ["s"] },
      ],
      exclusions: [{ kind: "terrorism_after_fair_trial", applies: true, note: "fair trial" }],
    });
    expect(recognitionState(a).contradictions.map((c) => `${c.criterion}/${c.exclusion}`)).toEqual(["b/terrorism_after_fair_trial", "e/terrorism_after_fair_trial"]);
    expect(describeRecognition(a).join("\n")).toContain("CONTRADICTION (e) / terrorism_after_fair_trial");
    expect(recognitionState(fresh()).contradictions).toEqual([]);
  });

  it("rejects duplicate criteria in the input", () => {
    expect(() =>
      fresh({
        criteria: [
          { criterion: "a", met: true, reasoning: "x" },
          { criterion: "a", met: false, reasoning: "y" },
        ],
      }),
    ).toThrow(/given twice/);
  });
});

describe("reversible, with history", () => {
  it("a later decision supersedes the earlier one; both stay", () => {
    let a = fresh();
    const r1 = decideRecognition(a, second, { outcome: "needs_more_information", reason: "Need the appeal ruling.", at });
    expect(r1.ok).toBe(true);
    if (!r1.ok) return;
    a = r1.assessment;
    expect(decideRecognition(a, coordinator, { outcome: "needs_more_information", reason: "again", at })).toMatchObject({ ok: false, code: "SAME_OUTCOME" });
    const r2 = decideRecognition(a, coordinator, { outcome: "recognised", reason: "Appeal ruling received.", at: "2026-11-05T09:00:00Z" });
    expect(r2.ok).toBe(true);
    if (!r2.ok) return;
    a = r2.assessment;
    // Reversing a decision on the merits: not by whoever made it, and with a reason of substance.
    const why = "New facts: the appeal ruling records violence against an officer.";
    expect(decideRecognition(a, coordinator, { outcome: "not_recognised", reason: why, at })).toMatchObject({ ok: false, code: "REVERSAL_SAME_REVIEWER" });
    for (const reason of ["x", ".", "back", "..........................................................."])
      expect(decideRecognition(a, second, { outcome: "not_recognised", reason, at })).toMatchObject({ ok: false, code: "REVERSAL_REASON_TOO_SHORT" });
    const r3 = decideRecognition(a, second, { outcome: "not_recognised", reason: why, at: "2026-11-06T09:00:00Z" });
    expect(r3.ok).toBe(true);
    if (!r3.ok) return;
    a = r3.assessment;
    // The author still cannot reverse.
    expect(decideRecognition(a, author, { outcome: "recognised", reason: "x", at })).toMatchObject({ ok: false, code: "AUTHOR_CANNOT_DECIDE" });
    const st = recognitionState(a);
    expect(st.status).toBe("not_recognised");
    // The reversal's reason is put before the next reviewer.
    expect(st.reversal).toEqual({ seq: 3, supersedes: 2, reason: why, reviewerId: "u-second" });
    expect(st.history.map((d) => [d.seq, d.outcome, d.supersedes])).toEqual([
      [1, "needs_more_information", undefined],
      [2, "recognised", 1],
      [3, "not_recognised", 2],
    ]);
    const text = describeRecognition(a).join("\n");
    expect(text).toContain("not recognised — by u-second");
    expect(text).toContain("earlier: #2 recognised by u-coord");
  });

  it("pending until a second reviewer decides", () => {
    expect(recognitionState(fresh()).status).toBe("pending");
    expect(describeRecognition(fresh())[0]).toContain("pending second review");
  });
});
