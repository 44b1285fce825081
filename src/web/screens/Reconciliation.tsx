import { useState, type FormEvent } from "react";
import { post } from "../api.js";
import { BarChart, ChartCard, ShareBar } from "../components/charts.js";
import { FormError, SelectField, TextField } from "../components/Field.js";
import { Card } from "../components/Section.js";
import { Pager } from "../components/Pager.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import { matchLineText } from "../../i18n/explainMatch.js";
import { type ListHeader } from "../listTypes.js";
import { Link, navigate, useLocation } from "../router.js";
import { useApi } from "../useApi.js";
import { listsUrl, REPORT_PAGE, reportUrl } from "../firstReads.js";

// A list received from the other side: upload it, see what it is made of (a composition chart), which rows
// match nobody in our registry, which need a human look, and who on our list they left out.
// Every row carries the row number of their file; the whole result downloads as CSV or XLSX. Sections are paged
// by the server: compared with a list of everyone, "ours missing from theirs" is most of 100,000 people, and the
// screen reads and shows one page of it. PAGE is 50: six sections of 100 rows came to ~4,400 elements.

const PAGE = REPORT_PAGE;
type Section = "held" | "unmatched" | "duplicates" | "alreadyFree" | "possibleMatches" | "missingFromTheirs";

interface ReportRow {
  personId: string | null;
  name: string | null;
  birthDate: string | null;
  row: string | null;
  status: string | null;
  match: { verdict: string; score: number; explanation: string[] } | null;
}
interface Report {
  list: { id: string; name: string; sourceFileName: string | null };
  version: { version: number };
  total: number;
  matched: number;
  byCategory: Record<string, number>;
  byGroup: Record<string, number>;
  held: ReportRow[];
  unmatched: ReportRow[];
  duplicates: ReportRow[];
  alreadyFree: ReportRow[];
  possibleMatches: ReportRow[];
  comparedWith: { id: string; name: string; version: number } | null;
  missingFromTheirs: ReportRow[] | null;
  /** Rows in each section (the arrays above hold the first page of each). */
  counts: Record<Section, number>;
}

export function Reconciliation() {
  const { t, date } = useI18n();
  const loc = useLocation();
  const selected = loc.query.get("list");
  const lists = useApi<{ items: ListHeader[] }>(listsUrl);
  const counterpart = lists.data?.items.filter((l) => l.kind === "counterpart") ?? [];
  const own = lists.data?.items.filter((l) => l.kind === "own") ?? [];
  return (
    <section>
      <h1>{t("web.rec.title")}</h1>
      <div className="grid">
        <Upload own={own} />
        {counterpart.length > 0 && (
          <Card title={t("web.rec.earlier")}>
            <ul className="plain">
              {counterpart.map((l) => (
                <li key={l.id}>
                  <Link to={`/reconciliation?list=${l.id}`} aria-current={l.id === selected ? "page" : undefined}>
                    {l.name}
                  </Link>{" "}
                  <span className="muted small">
                    {l.sourceFileName} · {date(l.createdAt.slice(0, 10))}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
      {selected && <ReportView key={selected} id={selected} />}
    </section>
  );
}

function Upload({ own }: { own: ListHeader[] }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [compare, setCompare] = useState("");
  const { errors, error, setErrors, clear, fail } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    if (!file) {
      setErrors({ fileName: t("web.rec.file") });
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = "";
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const r = await post<{ id: string }>("/api/v1/lists/counterpart", { name: name || file.name, fileName: file.name, contentBase64: btoa(bin), ...(compare ? { comparedWithListId: compare } : {}) });
      navigate(`/reconciliation?list=${r.id}`);
    } catch (ex) {
      fail(ex);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t("web.rec.upload")}>
      <p className="small muted">{t("web.rec.help")}</p>
      <form onSubmit={submit} noValidate>
        <TextField label={t("web.lists.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <TextField label={t("web.rec.file")} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} error={errors.fileName ?? errors.contentBase64} />
        <SelectField label={t("web.rec.compareWith")} value={compare} onChange={(e) => setCompare(e.target.value)} options={[{ value: "", label: t("web.rec.noList") }, ...own.map((l) => ({ value: l.id, label: l.name }))]} />
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t("web.rec.submit")}
        </button>
      </form>
    </Card>
  );
}

function ReportView({ id }: { id: string }) {
  const { t, label, num } = useI18n();
  const report = useApi<Report>(reportUrl(id));
  const r = report.data;
  if (report.error) return <p className="form-error">{report.error.message}</p>;
  if (!r) return <p role="status">{t("web.loading")}</p>;
  const possible = r.possibleMatches.length;
  const composition = [
    { key: "matched", label: t("web.rec.matched"), value: r.matched },
    { key: "possible", label: t("web.rec.possible"), value: possible },
    { key: "unmatched", label: t("web.rec.unmatched"), value: Math.max(0, r.total - r.matched - possible) },
  ];
  const cats = Object.entries(r.byCategory).filter(([k]) => k !== "unknown" && k !== "possible_match");
  return (
    <>
      <h2>
        {r.list.name} <span className="muted small">({r.list.sourceFileName})</span>
      </h2>
      <p className="actions">
        <a className="button secondary" href={`/api/v1/lists/${id}/reconciliation?format=csv&version=${r.version.version}`} download>
          {t("web.rec.downloadCsv")}
        </a>{" "}
        <a className="button secondary" href={`/api/v1/lists/${id}/reconciliation?format=xlsx&version=${r.version.version}`} download>
          {t("web.rec.downloadXlsx")}
        </a>
      </p>
      <div className="charts">
        <ChartCard title={t("web.rec.composition")}>
          <p className="big">
            <strong>{num(r.total)}</strong> {t("web.lists.rows", { count: r.total }).replace(/^\S+\s/, "")}
          </p>
          <ShareBar data={composition} total={r.total} />
        </ChartCard>
        <ChartCard title={t("web.rec.byCategory")}>
          <BarChart data={cats.map(([k, n]) => ({ key: k, label: label("common.category", k), value: n }))} valueLabel={t("web.dashboard.people")} />
        </ChartCard>
      </div>
      {(
        [
          ["held", t("web.rec.heldRows"), "held"],
          ["duplicates", t("web.rec.duplicateRows"), "duplicates"],
          ["unmatched", t("web.rec.unmatchedRows"), "unmatched"],
          ["possibleMatches", t("web.rec.possibleRows"), "possible"],
          ["alreadyFree", t("web.rec.alreadyFree"), "already-free"],
        ] as const
      ).map(([section, title, testId]) => (
        <RowList key={section} listId={id} version={r.version.version} section={section} title={title} testId={testId} first={r[section]} total={r.counts[section]} />
      ))}
      {r.missingFromTheirs && <RowList listId={id} version={r.version.version} section="missingFromTheirs" title={`${t("web.rec.missingFromTheirs")} (${r.comparedWith?.name ?? ""})`} testId="missing" first={r.missingFromTheirs} total={r.counts.missingFromTheirs} statusOnly />}
    </>
  );
}

/** Rows of one section of the report, a page at a time; `statusOnly` for our own people (no match to show, only where they stand). */
function RowList({ listId, version, section, title, first, total, testId, statusOnly }: { listId: string; version: number; section: Section; title: string; first: ReportRow[]; total: number; testId: string; statusOnly?: boolean }) {
  const { t, label, locale, num, date } = useI18n();
  const [offset, setOffset] = useState(0);
  // The first page came with the report; later ones are read from the server when turned to.
  const page = useApi<{ rows: ReportRow[] }>(offset === 0 ? null : `/api/v1/lists/${listId}/report/rows?section=${section}&version=${version}&offset=${offset}&limit=${PAGE}`);
  const rows = offset === 0 ? first : page.data?.rows;
  const pager = <Pager offset={offset} pageSize={PAGE} total={total} onOffset={setOffset} label={t("web.rec.pages", { title })} />;
  return (
    <Card title={`${title} — ${num(total)}`} testId={testId}>
      {total === 0 ? (
        <p className="muted">{t("web.rec.none")}</p>
      ) : !rows ? (
        <p role="status">{page.error ? page.error.message : t("web.loading")}</p>
      ) : (
        <div className="table-wrap">
          {pager}
          <table>
            <thead>
              <tr>
                <th scope="col">{t("web.rec.row")}</th>
                <th scope="col">{t("web.rec.asGiven")}</th>
                <th scope="col">{t("web.field.birth")}</th>
                <th scope="col">{statusOnly ? t("web.field.status") : t("web.rec.best")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x, i) => (
                <tr key={offset + i}>
                  <td>{x.row ?? "—"}</td>
                  <td>{x.personId ? <Link to={`/people/${x.personId}`}>{x.name}</Link> : x.name}</td>
                  <td>{date(x.birthDate, "short") || "—"}</td>
                  <td className="small">
                    {x.status && <span className="badge">{label("common.status", x.status)}</span>} {x.match && x.match.verdict !== "none" ? `${label("web.search.verdict", x.match.verdict)} ${Math.round(x.match.score * 100)}%` : ""}
                    {x.match?.explanation.length ? <div className="muted">{x.match.explanation.slice(0, 2).map((l) => matchLineText(locale, l)).join("; ")}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
