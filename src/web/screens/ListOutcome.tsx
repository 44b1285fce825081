import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, issuesByPath, post, qs } from "../api.js";
import { FormError, SelectField, TextField } from "../components/Field.js";
import { DateField } from "../components/DateField.js";
import { Pager } from "../components/Pager.js";
import { Card, Facts } from "../components/Section.js";
import { useI18n } from "../i18n.js";
import { rowName, type ListDetail, type ListRow, type OutcomeReport, type VersionPage, type VersionRows } from "../listTypes.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";

// An own list's outcome: once signed off, who was actually freed (POST /api/v1/lists/:id/outcome), and afterwards
// the stored report. Mirrors src/services/policy.ts: recording needs `recordOutcome exchangeList`.
const MAY_RECORD = ["admin", "coordinator"];
const OUTCOME_STATUSES = ["exchanged", "released"] as const;
// SIGN_OFFS_REQUIRED in src/services/lists/lifecycle.ts (the server refuses the outcome before that many).
const REQUIRED_SIGN_OFFS = 2;
const OUTCOME_PAGE = 100;

export function ListOutcome({ list, role, onRecorded }: { list: ListDetail; role: string; onRecorded: () => void }) {
  const { t } = useI18n();
  const [recorded, setRecorded] = useState(false);
  // The form needs every person of the version (ticking all the eligible, counting who is left behind): the whole
  // version is read only for it, never for a frozen list or a recorded outcome.
  const recording = list.kind === "own" && !!list.frozenVersion && list.status === "signed_off" && MAY_RECORD.includes(role);
  const rows = useApi<VersionRows>(recording ? `/api/v1/lists/${list.id}/versions/${list.frozenVersion}` : null);
  if (list.kind !== "own" || !list.frozenVersion) return null;
  if (list.status === "carried_out" && list.outcome) return <OutcomeResult listId={list.id} report={list.outcome} source={list.outcomeSource} justRecorded={recorded} />;
  if (!MAY_RECORD.includes(role)) return null;
  if (list.status === "frozen")
    return (
      <Card title={t("web.lists.outcome.title")} testId="list-outcome">
        <p className="muted">{t("web.lists.outcome.waitSignOff", { n: list.signOffs.length, required: REQUIRED_SIGN_OFFS })}</p>
      </Card>
    );
  if (list.status !== "signed_off" || !rows.data) return null;
  return (
    <OutcomeForm
      listId={list.id}
      rows={rows.data.rows}
      onRecorded={() => {
        setRecorded(true);
        onRecorded();
      }}
    />
  );
}

/** Today in the browser's time zone, as the date input expects (YYYY-MM-DD). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function OutcomeForm({ listId, rows, onRecorded }: { listId: string; rows: ListRow[]; onRecorded: () => void }) {
  const { t, label, date } = useI18n();
  const people = rows.filter((r): r is ListRow & { personId: string } => !!r.personId);
  const [carriedOutOn, setCarriedOutOn] = useState(today);
  const [source, setSource] = useState("");
  const [status, setStatus] = useState<(typeof OUTCOME_STATUSES)[number]>("exchanged");
  // Nobody is ticked at first: moving a person's status is a fact to assert one by one, not a default to undo.
  // The choice is always sent explicitly (the server's own default would be "every eligible person").
  const [freed, setFreed] = useState<Set<string>>(() => new Set());
  // One page of checkboxes at a time (a list of thousands would be tens of thousands of elements); ticks live
  // in `freed`, so they survive moving between pages.
  const [offset, setOffset] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const toggle = (id: string, on: boolean) => setFreed((s) => (on ? new Set(s).add(id) : new Set([...s].filter((x) => x !== id))));
  const leftBehind = people.filter((r) => r.eligible && !freed.has(r.personId)).length;
  const confirmButton = useRef<HTMLButtonElement>(null);
  // Keyboard and screen-reader users land on the question they must answer.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const review = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(true);
  };
  const record = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await post<OutcomeReport>(`/api/v1/lists/${listId}/outcome`, { carriedOutOn, source, outcomeStatus: status, freedPersonIds: [...freed] });
      onRecorded();
    } catch (ex) {
      const by = issuesByPath(ex);
      setErrors(by);
      // Field issues show beside their fields; anything else (a conflict, a refusal) as the server words it.
      const fields = ["carriedOutOn", "source", "outcomeStatus"];
      const other = Object.entries(by).find(([path]) => !fields.includes(path));
      setError(!Object.keys(by).length ? (ex instanceof ApiError ? ex.message : String(ex)) : other ? other[1] : null);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t("web.lists.outcome.title")} testId="list-outcome">
      <p className="muted">{t("web.lists.outcome.help")}</p>
      <form onSubmit={review} noValidate>
        <DateField label={t("web.lists.outcome.date")} value={carriedOutOn} onChange={setCarriedOutOn} error={errors.carriedOutOn} disabled={confirming} />
        <TextField label={t("web.lists.outcome.source")} value={source} onChange={(e) => setSource(e.target.value)} error={errors.source} disabled={confirming} />
        <SelectField
          label={t("web.lists.outcome.status")}
          value={status}
          onChange={(e) => setStatus(e.target.value as (typeof OUTCOME_STATUSES)[number])}
          options={OUTCOME_STATUSES.map((s) => ({ value: s, label: label("common.status", s) }))}
          error={errors.outcomeStatus}
          disabled={confirming}
        />
        <fieldset>
          <legend>{t("web.lists.outcome.freed")}</legend>
          <button type="button" className="secondary small" onClick={() => setFreed(new Set(people.filter((r) => r.eligible).map((r) => r.personId)))} disabled={confirming}>
            {t("web.lists.outcome.tickEligible")}
          </button>
          {people.length > OUTCOME_PAGE && <p className="muted small">{t("web.lists.outcome.ticked", { count: freed.size })}</p>}
          {people.slice(offset, offset + OUTCOME_PAGE).map((r) => (
            <label key={r.personId} className="check">
              <input type="checkbox" checked={freed.has(r.personId)} onChange={(e) => toggle(r.personId, e.target.checked)} disabled={confirming} />
              <span>
                {rowName(r)}
                {!r.eligible && <span className="muted small"> — {t("web.lists.outcome.notAsked")}</span>}
              </span>
            </label>
          ))}
          <Pager offset={offset} pageSize={OUTCOME_PAGE} total={people.length} onOffset={setOffset} label={t("web.lists.pages")} />
        </fieldset>
        <FormError message={error} />
        {!confirming && (
          <button type="submit" className="primary">
            {t("web.lists.outcome.submit")}
          </button>
        )}
      </form>
      {confirming && (
        <section className="card" role="alertdialog" aria-labelledby="outcome-confirm-h" aria-describedby="outcome-confirm-text">
          <h3 id="outcome-confirm-h">{t("web.lists.outcome.confirmTitle")}</h3>
          <div id="outcome-confirm-text">
            <p>{t("web.lists.outcome.confirmMoved", { count: freed.size, status: label("common.status", status), date: date(carriedOutOn) })}</p>
            <p>{t("web.lists.outcome.confirmLeft", { count: leftBehind })}</p>
            <p className="muted">{t("web.lists.outcome.irreversible")}</p>
          </div>
          <div className="toolbar">
            <button type="button" className="primary" ref={confirmButton} onClick={record} disabled={busy}>
              {t("web.lists.outcome.confirm")}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t("web.lists.outcome.back")}
            </button>
          </div>
        </section>
      )}
    </Card>
  );
}

function OutcomeResult({ listId, report, source, justRecorded }: { listId: string; report: OutcomeReport; source: string | null; justRecorded: boolean }) {
  const { t, label, date, num } = useI18n();
  // Those not requested are the version's ineligible rows in the version's order, so the page shown of them is
  // the same page of the ineligible rows: their reason codes (translated here) come from that page alone.
  const [notRequestedOffset, setNotRequestedOffset] = useState(0);
  const reasonRows = useApi<VersionPage>(report.notRequested.length ? `/api/v1/lists/${listId}/versions/${report.version}${qs({ show: "ineligible", offset: notRequestedOffset, limit: OUTCOME_PAGE })}` : null);
  const reasonsOf = useMemo(() => new Map((reasonRows.data?.rows ?? []).flatMap((r) => (r.personId ? [[r.personId, r.reasons] as const] : []))), [reasonRows.data]);
  const codes = (personId: string | null, fallback: string) => {
    const reasons = personId ? reasonsOf.get(personId) : undefined;
    return reasons?.length ? reasons.map((c) => label("web.lists.code", c)).join("; ") : fallback;
  };
  const person = (id: string | null, name: string) => (id ? <Link to={`/people/${id}`}>{name}</Link> : name);
  const group = (title: string, items: { key: string; body: ReactNode }[], testId: string) => <OutcomeGroup title={title} items={items} testId={testId} />;
  return (
    <Card title={t("web.lists.outcome.title")} testId="list-outcome">
      {justRecorded && <p role="status">{t("web.lists.outcome.recorded")}</p>}
      <Facts
        items={[
          [t("web.lists.outcome.date"), date(report.carriedOutOn)],
          [t("web.lists.outcome.sourceFact"), source ?? report.source],
          [t("web.lists.version", { n: "" }).trim(), num(report.version)],
        ]}
      />
      {group(
        t("web.lists.outcome.moved"),
        report.moved.map((m) => ({ key: m.personId, body: <>{person(m.personId, m.name)}: {label("common.status", m.from)} → {label("common.status", m.to)}</> })),
        "outcome-moved",
      )}
      {group(
        t("web.lists.outcome.leftBehind"),
        report.leftBehind.map((p) => ({ key: p.personId, body: <>{person(p.personId, p.name)} <span className="muted small">{label("common.status", p.status)}</span></> })),
        "outcome-left-behind",
      )}
      <OutcomeGroup
        title={t("web.lists.outcome.notRequested")}
        items={report.notRequested.map((p, i) => ({ key: p.personId ?? String(i), body: <>{person(p.personId, p.name)}: {codes(p.personId, p.reasons)}</> }))}
        testId="outcome-not-requested"
        offset={notRequestedOffset}
        onOffset={setNotRequestedOffset}
      />
      {report.freedOffList.length > 0 &&
        group(
          t("web.lists.outcome.freedOffList"),
          report.freedOffList.map((p) => ({ key: p.personId, body: person(p.personId, p.name) })),
          "outcome-freed-off-list",
        )}
    </Card>
  );
}

/** One part of the report, 100 people a page (everyone left behind on a list of thousands is thousands of lines). */
function OutcomeGroup(props: { title: string; items: { key: string; body: ReactNode }[]; testId: string; offset?: number; onOffset?: (offset: number) => void }) {
  const { title, items, testId } = props;
  const { t, num } = useI18n();
  const [ownOffset, setOwnOffset] = useState(0);
  const offset = props.offset ?? ownOffset;
  const setOffset = props.onOffset ?? setOwnOffset;
  return (
    <div data-testid={testId}>
      <h3>
        {title} ({num(items.length)})
      </h3>
      {items.length ? (
        <ul className="plain">
          {items.slice(offset, offset + OUTCOME_PAGE).map((i) => (
            <li key={i.key}>{i.body}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("web.lists.outcome.nobody")}</p>
      )}
      <Pager offset={offset} pageSize={OUTCOME_PAGE} total={items.length} onOffset={setOffset} label={title} />
    </div>
  );
}
