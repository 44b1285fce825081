import { useEffect, useState } from "react";
import { fieldLabel } from "../../i18n/fieldLabels.js";
import { ApiError, download, post, qs } from "../api.js";
import { FormError } from "../components/Field.js";
import { Pager } from "../components/Pager.js";
import { Card, Facts } from "../components/Section.js";
import { useI18n } from "../i18n.js";
import { ROW_SHOWS, rowName, type ListDetail, type RowShow, type VersionDiff, type VersionPage } from "../listTypes.js";
import { Link } from "../router.js";
import { ListOutcome } from "./ListOutcome.js";
import { ListBuild } from "./ListBuild.js";
import type { Page, PersonSummary } from "../types.js";
import { useApi } from "../useApi.js";
import { listUrl, ROWS_PAGE, versionPageUrl } from "../firstReads.js";

// One exchange list: its current rows (eligible or not, with reasons), people added or removed by hand,
// rebuild / freeze / sign-off, the outcome (ListOutcome.tsx), export, and what changed between any two versions.

export function ListBuilder({ id, role }: { id: string; role: string }) {
  const { t, label, date, num } = useI18n();
  const list = useApi<ListDetail>(listUrl(id));
  const l = list.data;
  const [shown, setShown] = useState<number | null>(null);
  const version = shown ?? l?.currentVersion ?? null;
  // Bumped after an action: the page being read is fetched again (a new version also changes the url).
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [format, setFormat] = useState("csv");
  const [scope, setScope] = useState("eligible");
  const [consentReason, setConsentReason] = useState("");

  if (list.error) return <p className="form-error">{list.error.message}</p>;
  if (!l) return <p role="status">{t("web.loading")}</p>;
  const draft = l.status === "draft";
  // A version built in the background: nothing to freeze or export until it is stored, no edit until it is done.
  const building = l.build?.state === "building";
  const noVersion = l.currentVersion === 0;
  const shownVersion = l.versions.find((v) => v.version === version);

  const act = async (path: string, body: unknown = {}) => {
    setError(null);
    try {
      await post(`/api/v1/lists/${id}/${path}`, body);
      setShown(null);
      list.reload();
      setTick((n) => n + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const exportFile = async () => {
    setError(null);
    try {
      await download(`/api/v1/lists/${id}/export${qs({ format, scope, version: version ?? undefined })}`, `list.${format}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section>
      <p className="muted small">
        <Link to="/lists">{t("web.lists.title")}</Link>
      </p>
      <div className="heading-row">
        <h1>{l.name}</h1>
        <span>
          <span className="badge">{label("web.lists.status", l.status)}</span> <span className="badge">{label("web.lists.kind", l.kind)}</span>
        </span>
      </div>
      {l.purpose && <p>{l.purpose}</p>}
      <Facts
        items={[
          [t("web.lists.categories"), l.categories.map((c) => label("common.category", c)).join(", ")],
          [t("web.lists.version", { n: "" }).trim(), `${num(l.currentVersion)}${l.frozenVersion ? ` (${label("web.lists.status", "frozen")}: ${l.frozenVersion})` : ""}`],
          [t("web.lists.signOffs"), l.signOffs.map((s) => `${s.user} (${date(s.signedAt.slice(0, 10))})`).join(", ")],
          [t("web.lists.consentOverride"), l.consentOverride ? `${num(l.consentOverride.people)} — ${l.consentOverride.by}: ${l.consentOverride.reason}` : null],
        ]}
      />
      <div className="toolbar" role="group" aria-label={t("web.lists.title")}>
        {draft && (
          <button type="button" onClick={() => act("refresh")} disabled={building}>
            {t("web.lists.rebuild")}
          </button>
        )}
        {draft && (
          <button type="button" onClick={() => act("freeze", consentReason.trim() ? { consentReason: consentReason.trim() } : {})} disabled={building || noVersion}>
            {t("web.lists.freeze")}
          </button>
        )}
        {draft && l.kind === "own" && (
          <label className="field">
            <span>{t("web.lists.consentReason")}</span>
            <input type="text" value={consentReason} maxLength={2000} onChange={(e) => setConsentReason(e.target.value)} />
          </label>
        )}
        {l.status === "frozen" && (
          <button type="button" onClick={() => act("sign-offs")}>
            {t("web.lists.signOff")}
          </button>
        )}
        <label className="field">
          <span>{t("web.lists.format")}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            {["csv", "xlsx", "pdf"].map((f) => (
              <option key={f} value={f}>
                {f.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("web.lists.scope")}</span>
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            {["eligible", "all"].map((s) => (
              <option key={s} value={s}>
                {label("web.lists.scope", s)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" onClick={exportFile} disabled={noVersion}>
          {t("web.lists.export")}
        </button>
      </div>
      <FormError message={error} />
      {l.build && <ListBuild build={l.build} onPoll={list.reload} onBuildAgain={draft && !building ? () => act("refresh") : undefined} />}
      <ListOutcome
        list={l}
        role={role}
        onRecorded={() => {
          list.reload();
          setTick((n) => n + 1);
        }}
      />
      {draft && !building && <AddPerson onAdd={(pid) => act("members", { add: [pid] })} />}
      {l.versions.length > 1 && <Diff id={id} versions={l.versions.map((v) => v.version)} />}
      <Card title={t("web.lists.rowsTitle")} testId="list-rows">
        <div className="toolbar">
          <label className="field">
            <span>{t("web.lists.version", { n: "" }).trim()}</span>
            <select value={version ?? ""} onChange={(e) => setShown(Number(e.target.value))}>
              {l.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {t("web.lists.version", { n: v.version })} — {t("web.lists.rows", { count: v.rowCount })}, {t("web.lists.eligibleCount", { count: v.eligibleCount })}, {t("web.lists.asOf", { date: date(v.asOf) })}
                </option>
              ))}
            </select>
          </label>
          {shownVersion && (
            <span className="muted small">
              {t("web.lists.hash")}: <code>{shownVersion.contentHash.slice(0, 16)}…</code>
            </span>
          )}
        </div>
        {version ? <RowsTable listId={id} version={version} tick={tick} onRemove={draft && !building ? (pid) => act("members", { remove: [pid] }) : undefined} /> : null}
      </Card>
    </section>
  );
}

/**
 * Rows a page, read from the server a page at a time: a 100,000-row version is never downloaded whole, and the
 * screen holds one page (a 20,000-row list rendered whole was ~250,000 DOM nodes).
 */

function RowsTable({ listId, version, tick, onRemove }: { listId: string; version: number; tick: number; onRemove?: ((personId: string) => void) | undefined }) {
  const { t, num, label, date } = useI18n();
  const [show, setShow] = useState<RowShow>("all");
  const [offset, setOffset] = useState(0);
  const page = useApi<VersionPage>(versionPageUrl(listId, version, show, offset));
  const { reload } = page;
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
  if (page.error) return <p className="form-error">{page.error.message}</p>;
  const p = page.data;
  if (!p) return <p role="status">{t("web.loading")}</p>;
  const codes = (cs: string[]) => cs.map((c) => label("web.lists.code", c)).join("; ");
  // The server answers the last page that exists when the list got shorter under the page being read.
  const start = p.offset;
  const pager = <Pager offset={start} pageSize={ROWS_PAGE} total={p.total} onOffset={setOffset} label={t("web.lists.pages")} />;
  return (
    <>
      <div className="toolbar">
        <label className="field">
          <span>{t("web.lists.show")}</span>
          <select
            value={show}
            onChange={(e) => {
              setShow(e.target.value as RowShow);
              setOffset(0);
            }}
          >
            {ROW_SHOWS.map((s) => (
              <option key={s} value={s}>
                {label("web.lists.show", s)} ({num(p.counts[s])})
              </option>
            ))}
          </select>
        </label>
        <p className="muted small" role="status" data-testid="list-rows-count" aria-busy={page.loading}>
          {t("web.lists.rows", { count: p.counts.all })}, {t("web.lists.eligibleCount", { count: p.counts.eligible })}
          {p.total > 0 && <> · {t("web.lists.shownRange", { from: start + 1, to: start + p.rows.length, total: p.total })}</>}
        </p>
      </div>
      {p.total === 0 && <p className="muted">{t("web.lists.noneShown")}</p>}
      {pager}
      {p.rows.length > 0 && (
        <div className="table-wrap">
          <table className="results">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("web.lists.col.name")}</th>
                <th scope="col">{t("web.lists.col.birth")}</th>
                <th scope="col">{t("web.lists.col.articles")}</th>
                <th scope="col">{t("web.lists.col.sentence")}</th>
                <th scope="col">{t("web.lists.col.priority")}</th>
                <th scope="col">{t("web.lists.col.eligible")}</th>
                {onRemove && <th scope="col" aria-label={t("web.lists.remove")} />}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.position} className={r.eligible ? "" : "ineligible"}>
                  <td data-label="#">{r.position}</td>
                  <td data-label={t("web.lists.col.name")}>
                    {r.personId ? <Link to={`/people/${r.personId}`}>{rowName(r)}</Link> : rowName(r)}
                    {r.nameLatin && r.nameCyrillic && <div className="muted small">{r.nameLatin}</div>}
                  </td>
                  <td data-label={t("web.lists.col.birth")}>{date(r.birthDate, "short") || "—"}</td>
                  <td data-label={t("web.lists.col.articles")}>{r.articles ?? "—"}</td>
                  <td data-label={t("web.lists.col.sentence")}>{r.sentence ?? "—"}</td>
                  <td data-label={t("web.lists.col.priority")}>{r.priority !== null ? num(r.priority) : "—"}</td>
                  <td data-label={t("web.lists.col.eligible")}>
                    {r.eligible ? t("web.lists.yes") : `${t("web.lists.no")}: ${codes(r.reasons)}`}
                    {r.warnings.length > 0 && <div className="small muted">⚠ {codes(r.warnings)}</div>}
                  </td>
                  {onRemove && <td>{r.personId && r.eligible && <button type="button" className="small secondary" onClick={() => onRemove(r.personId!)}>{t("web.lists.remove")}</button>}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pager}
    </>
  );
}

function AddPerson({ onAdd }: { onAdd: (personId: string) => void }) {
  const { t, label } = useI18n();
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(h);
  }, [q]);
  const found = useApi<Page<PersonSummary>>(debounced.length >= 3 ? `/api/v1/people/search${qs({ q: debounced, limit: 5 })}` : null);
  return (
    <Card title={t("web.lists.addPerson")}>
      <div className="field">
        <label htmlFor="add-person">{t("web.search.label")}</label>
        <input id="add-person" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </div>
      <ul className="plain">
        {found.data?.items.map((p) => (
          <li key={p.id}>
            {p.primaryName} <span className="muted small">{label("common.category", p.category)} · {label("common.status", p.status)}</span>{" "}
            <button
              type="button"
              className="small"
              onClick={() => {
                onAdd(p.id);
                setQ("");
              }}
            >
              {t("web.lists.add")}
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Diff({ id, versions }: { id: string; versions: number[] }) {
  const { t, label, locale } = useI18n();
  // Field values as people read them: yes/no, reason codes translated, lists joined.
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return v ? t("web.lists.yes") : t("web.lists.no");
    if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? label("web.lists.code", x) : JSON.stringify(x))).join("; ") : "—";
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  };
  const last = versions[versions.length - 1]!;
  const [from, setFrom] = useState(versions[versions.length - 2] ?? last);
  const [to, setTo] = useState(last);
  useEffect(() => {
    setTo(last);
    setFrom(versions[versions.length - 2] ?? last);
    // A new version (rebuild, hand edit) moves the comparison to the newest pair.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [last]);
  const d = useApi<VersionDiff>(`/api/v1/lists/${id}/diff${qs({ from, to })}`);
  const pick = (value: number, set: (n: number) => void, lab: string) => (
    <label className="field">
      <span>{lab}</span>
      <select value={value} onChange={(e) => set(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Card title={t("web.lists.diff")} testId="list-diff">
      <div className="toolbar">
        {pick(from, setFrom, t("web.lists.from"))}
        {pick(to, setTo, t("web.lists.to"))}
      </div>
      {d.data && d.data.added.length + d.data.removed.length + d.data.changed.length === 0 && <p className="muted">{t("web.lists.noChanges")}</p>}
      {d.data && (
        <ul className="plain">
          {d.data.added.map((r, i) => (
            <li key={`a${i}`} className="diff-added">
              + {t("web.lists.added")}: {rowName(r)}
            </li>
          ))}
          {d.data.removed.map((r, i) => (
            <li key={`r${i}`} className="diff-removed">
              − {t("web.lists.removed")}: {rowName(r)}
            </li>
          ))}
          {d.data.changed.map((c) => (
            <li key={c.key} className="diff-changed">
              ~ {t("web.lists.changed")}: {c.name} —{" "}
              {c.fields.map((f) => (
                <span key={f.field}>
                  {fieldLabel(locale, [f.field])}: {show(f.from)} → {show(f.to)}{" "}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
