/**
 * People who arrived while an import ran. The importer matches its rows against the registry as it was when the
 * import began (read once: see importPeople.ts); a person created meanwhile through the door (the staff app, the
 * API, another worker or host, another import) is not in that copy, so a row of the same person would be
 * created a second time. Each batch therefore, in its own transaction and under the door's lock
 * (`throughTheDoorInBulk`), asks the change feed which people others changed since the import began, adds them to
 * a small index of its own, and judges the batch's creates against it with the same rules: a `match` with the
 * same full birth date fills that person, any other candidate sends the row to review, as if that person had
 * been registered before the import began.
 *
 * Rows of the file decided later against a create that did not happen (the same person listed twice) follow it:
 * they are redirected to the person the first row was judged against.
 */
import type { Db } from "../../db/client.js";
import { changedByOthersSince, currentXmin } from "../../db/repositories/personDirectory.js";
import { MatchIndex } from "../../domain/names/index.js";
import { registryPeople } from "../reconcile.js";
import { RowMatcher, rowToMatch, type RowDecision } from "./matchRows.js";
import type { PersonDraft } from "./draft.js";

export class LateComers {
  private readonly index = new MatchIndex();
  private readonly matcher = new RowMatcher(this.index, new Map());
  private readonly seen = new Set<string>();
  /** The import's own batch transactions: their people are the file's, already matched. */
  private readonly own: string[] = [];
  /** A create that became a fill or a review → what it became, for later rows decided against its id. */
  private readonly instead = new Map<string, RowDecision>();

  private constructor(
    private readonly organisationId: string,
    private readonly xmin: string,
  ) {}

  /** Before the registry is read: every transaction not yet committed then is looked at later. */
  static async begin(db: Db, organisationId: string): Promise<LateComers> {
    return new LateComers(organisationId, await currentXmin(db));
  }

  /**
   * The batch's decisions, revised: creates of people others added meanwhile become fills or reviews, and
   * decisions that named a create that did not happen follow it. Called in the batch's transaction, under the
   * door's lock, before anything of the batch is written.
   */
  async revise(db: Db, rows: readonly { row: number; draft: PersonDraft }[], decisions: RowDecision[]): Promise<RowDecision[]> {
    const { me, personIds } = await changedByOthersSince(db, this.xmin, this.own);
    this.own.push(me);
    const fresh = personIds.filter((id) => !this.seen.has(id));
    if (fresh.length) {
      for (const id of fresh) this.seen.add(id);
      // A person edited meanwhile keeps its first evidence here too (a second add would be a second entry): the
      // registry's copy had the older one, so both spellings are looked at.
      for (const p of await registryPeople(db, this.organisationId, fresh)) this.index.add(p.id, p.evidence);
    }
    // Nobody arrived: nothing to judge, and no create has become something else to follow.
    if (!this.seen.size) return decisions;
    return decisions.map((d, i) => {
      const followed = this.follow(d);
      if (followed !== d || d.kind !== "create") return followed;
      const draft = rows[i]!.draft;
      if (draft.externalId) return d; // a row with the organisation's own id creates by that id (a duplicate id fails)
      const judged = this.matcher.judge(rowToMatch(d.row, draft, false));
      if (judged.kind === "create") return d;
      this.instead.set(d.id, judged);
      return judged;
    });
  }

  private follow(d: RowDecision): RowDecision {
    const target = d.kind === "fill" ? d.id : d.kind === "review" ? d.candidateId : null;
    const instead = target ? this.instead.get(target) : undefined;
    if (!instead) return d;
    if (instead.kind === "fill") return d.kind === "fill" ? { ...d, id: instead.id } : { ...d, candidateId: instead.id } as RowDecision;
    // The first row went to review: so does this one, against the same person.
    return instead.kind === "review" ? { ...instead, row: d.row } : d;
  }
}
