import type { Db } from "../db/client.js";
import { isAssigned, findPersonById } from "../db/repositories/people.js";
import { casesOf, type CaseFacts, type CaseWithDetails } from "../db/repositories/cases.js";
import {
  computeReleaseDate,
  isIsoDate,
  Lines,
  releaseLine,
  ReleaseInputError,
  type ArticleRef,
  type ChangeStage,
  type DecisionOutcome,
  type ExplainedLine,
  type Regime,
  type ReleaseInput,
  type ReleaseResult,
  type SentenceChange,
} from "../domain/release/index.js";
import type { ServiceContext } from "./context.js";
import { invalid } from "./errors.js";
import { loadPersonFor } from "./people.js";
import { authorize } from "./policy.js";
import { lawyerKeys } from "./assignees.js";

/** `notes` are English; `noteLines` the same notes as message codes with parameters (release.note.*). */
export type CaseReleaseDate =
  | { caseId: string; status: "computed"; input: ReleaseInput; result: ReleaseResult; notes: string[]; noteLines: ExplainedLine[] }
  | { caseId: string; status: "incomplete"; missing: string[]; notes: string[]; noteLines: ExplainedLine[] }
  | { caseId: string; status: "invalid"; message: string; notes: string[]; noteLines: ExplainedLine[] };

export interface PersonReleaseDates {
  personId: string;
  asOf: string;
  /** The latest expected release among the computed cases (the person is held until every term ends). */
  current: { caseId: string; releaseDate: string; lastDay: string; paroleEligibleFrom: string | null } | null;
  cases: CaseReleaseDate[];
}

/** What the rules on minors need about the person (CC arts. 87, 93). */
export interface PersonBirth {
  birthDate?: string | null;
  birthYear?: number | null;
}

/** Today's date in Moscow (UTC+3 all year since 2014): the civil date the law counts in. */
export function moscowDate(now: Date): string {
  return new Date(now.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
}

/** Map a stored case to the domain's input; reports what is missing instead of guessing. */
export function releaseInputFromCase(c: CaseFacts, asOf: string, person?: PersonBirth): { input?: ReleaseInput; missing: string[]; notes: string[]; noteLines: ExplainedLine[] } {
  const missing: string[] = [];
  const notes = new Lines();
  const noteLines = notes.lines;
  if (!c.verdictOn) missing.push("verdictOn");
  const term = { years: c.sentenceYears ?? 0, months: c.sentenceMonths ?? 0, days: c.sentenceDays ?? 0 };
  if (term.years + term.months + term.days <= 0) missing.push("sentence (years/months/days)");
  if (!c.regime) missing.push("regime");
  if (missing.length || !c.verdictOn || !c.regime) return { missing, notes: notes.texts, noteLines };
  const termStart = c.appealOn ?? c.verdictOn;
  notes.push(
    c.appealOn
      ? releaseLine("release.note.appeal", { date: c.appealOn }, `Term counted from the appeal ruling (${c.appealOn}), when the verdict entered into force.`)
      : releaseLine(
          "release.note.noAppeal",
          { date: c.verdictOn },
          `No appeal date recorded: term counted from the verdict (${c.verdictOn}). If the verdict entered into force later, record appealOn — custody until then is credited at the ratio.`,
        ),
  );
  const articleRefs = (list: ReadonlyArray<{ code: string; article: string; part?: string | null; paragraph?: string | null }>): ArticleRef[] => {
    const out: ArticleRef[] = [];
    for (const a of list) {
      if (a.code !== "RU_CC" && a.code !== "RU_CAO") {
        notes.push(releaseLine("release.note.foreignArticle", { article: a.article, code: a.code }, `Article ${a.article} (${a.code}) is not Russian law and is ignored for the release date.`));
        continue;
      }
      const ref: ArticleRef = { code: a.code, article: a.article };
      if (a.part) ref.part = a.part;
      if (a.paragraph) ref.item = a.paragraph;
      out.push(ref);
    }
    return out;
  };
  const articles = articleRefs(c.articles);
  const changes: SentenceChange[] = (c.sentenceChanges ?? []).map((d) => {
    const { articles: arts, regime, stage, outcome, ...rest } = d;
    const change: SentenceChange = { ...rest, stage: stage as ChangeStage };
    if (outcome) change.outcome = outcome as DecisionOutcome;
    if (regime) change.regime = regime as Regime;
    if (arts) change.articles = articleRefs(arts);
    return change;
  });
  const input: ReleaseInput = {
    sentence: {
      verdictDate: c.verdictOn,
      termStart,
      term,
      regime: c.regime,
      articles,
      ...(c.regimeChangedOn && c.regimeChangedTo ? { regimeChangedLater: { date: c.regimeChangedOn, to: c.regimeChangedTo } } : {}),
      ...(changes.length ? { changes } : {}),
      ...(c.offenceOn ? { offenceDate: c.offenceOn } : {}),
    },
    // A period the importer inferred from a detention date alone is not a recorded fact: the domain makes the same
    // assumption from detentionDate itself and says so in a warning (release.warn.detentionInferred).
    custody: c.custodyPeriods.filter((p) => !p.inferred).map((p) => ({
      kind: p.kind,
      from: p.fromDate,
      ...(p.toDate ? { to: p.toDate } : {}),
      ...(p.banOnLeavingHome === false ? { banOnLeavingHome: false } : {}),
    })),
    ...(c.detainedOn ? { detentionDate: c.detainedOn } : {}),
    ...(person?.birthDate ? { person: { birthDate: person.birthDate } } : person?.birthYear ? { person: { birthYear: person.birthYear } } : {}),
    asOf,
  };
  return { input, missing, notes: notes.texts, noteLines };
}

/** The policy subject for a person's records: lawyers act only on people assigned to them. */
export async function lawyerSubject(db: Db, ctx: ServiceContext, personId: string) {
  const keys = lawyerKeys(ctx);
  return keys && ctx.actor.kind === "user" ? { assignedUserIds: (await isAssigned(db, personId, keys)) ? [ctx.actor.userId] : [] } : undefined;
}

/** Release dates from already loaded cases (no I/O): used per person and in batches. */
export function releaseDatesFromCases(personId: string, cases: CaseFacts[], asOf: string, person?: PersonBirth): PersonReleaseDates {
  const out: CaseReleaseDate[] = [];
  for (const c of cases) {
    const { input, missing, notes, noteLines } = releaseInputFromCase(c, asOf, person);
    if (!input) {
      out.push({ caseId: c.id, status: "incomplete", missing, notes, noteLines });
      continue;
    }
    try {
      out.push({ caseId: c.id, status: "computed", input, result: computeReleaseDate(input), notes, noteLines });
    } catch (e) {
      if (e instanceof ReleaseInputError) out.push({ caseId: c.id, status: "invalid", message: e.message, notes, noteLines });
      else throw e;
    }
  }
  let current: PersonReleaseDates["current"] = null;
  for (const r of out) {
    if (r.status !== "computed") continue;
    if (!current || r.result.releaseDate > current.releaseDate) {
      current = {
        caseId: r.caseId,
        releaseDate: r.result.releaseDate,
        lastDay: r.result.lastDay,
        paroleEligibleFrom: r.result.parole && !r.result.parole.afterRelease ? r.result.parole.eligibleFrom : null,
      };
    }
  }
  return { personId, asOf, current, cases: out };
}

/** Release dates for every case of a person, inside an open transaction or on ctx.db. */
export async function releaseDatesIn(db: Db, _ctx: ServiceContext, personId: string, asOf: string): Promise<PersonReleaseDates> {
  const [cases, person] = await Promise.all([casesOf(db, [personId]), findPersonById(db, personId)]);
  return releaseDatesFromCases(personId, cases, asOf, person);
}

export async function computePersonReleaseDates(ctx: ServiceContext, personId: string, opts: { asOf?: string | undefined } = {}): Promise<PersonReleaseDates> {
  if (opts.asOf !== undefined && !isIsoDate(opts.asOf)) throw invalid("asOf must be a date (YYYY-MM-DD)");
  await loadPersonFor(ctx.db, ctx, personId, "read");
  authorize(ctx.actor, "read", "case", await lawyerSubject(ctx.db, ctx, personId));
  return releaseDatesIn(ctx.db, ctx, personId, opts.asOf ?? moscowDate(ctx.now()));
}
