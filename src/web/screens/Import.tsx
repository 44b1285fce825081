import { useState, type FormEvent } from "react";
import { ApiError, post, postWithProgress } from "../api.js";
import { FormError, SelectField, TextField } from "../components/Field.js";
import { Card } from "../components/Section.js";
import { useI18n } from "../i18n.js";
import { useApi } from "../useApi.js";
import { FIELDS } from "../../domain/tabular/headers.js";
import { categories as personCategories } from "../enums.js";

// An organisation's own sheet into the registry: upload, see how it was read (encoding, separator, sheet,
// columns), correct the mapping, dry run, commit; refused rows download as a CSV; rows the matcher would not
// decide alone are worked in the review list below (same person / different person).

interface Draft {
  name: string;
  birthDate: string | null;
  sex: string | null;
  category: string;
  region: string | null;
  case: { articles: { article: string; part: string | null }[]; years: number | null; months: number | null; verdictText: string | null; detainedOn: string | null } | null;
}
interface Report {
  file: string;
  format: string;
  encoding: string | null;
  separator: string | null;
  sheet: string | null;
  sheets: string[];
  columns: { header: string; field: string | null }[];
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  review: number;
  failed: number;
  issues: { row: number; message: string }[];
  conflicts: { row: number; message: string }[];
  warnings: string[];
  preview: { row: number; draft: Draft }[];
  refusedCsv: string | null;
}
interface ReviewItem {
  id: string;
  file: string;
  row: number;
  reason: "possible" | "matchWithoutBirthDate" | "ambiguous" | "consent";
  inputName: string;
  draft: Draft;
  score: number | null;
  candidate: { id: string; name: string; birthDate: string | null; birthYear: number | null } | null;
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function Import() {
  const { t } = useI18n();
  const [reviewKey, setReviewKey] = useState(0);
  return (
    <section>
      <h1>{t("web.imp.title")}</h1>
      <Upload onCommitted={() => setReviewKey((k) => k + 1)} />
      <ReviewList key={reviewKey} />
    </section>
  );
}

function Upload({ onCommitted }: { onCommitted: () => void }) {
  const { t, label, num, date } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [category, setCategory] = useState("");
  const [sheet, setSheet] = useState("");
  const [map, setMap] = useState<Record<string, string>>({});
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const run = async (dryRun: boolean) => {
    if (!file) return setError(t("web.imp.file"));
    setError(null);
    setProgress(dryRun ? null : 0);
    try {
      const body = { fileName: file.name, contentBase64: await base64Of(file), dryRun, ...(category ? { category } : {}), ...(sheet ? { sheet } : {}), ...(Object.keys(map).length ? { map } : {}) };
      const r = dryRun ? await post<Report>("/api/v1/imports/people", body) : await postWithProgress<Report>("/api/v1/imports/people", body, setProgress);
      setReport(r);
      if (!dryRun) onCommitted();
    } catch (ex) {
      setReport(null);
      setError(ex instanceof ApiError ? ex.message : String(ex));
    } finally {
      setProgress(undefined);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(true);
  };
  const counts = report && { count: report.rows, created: num(report.created), updated: num(report.updated), unchanged: num(report.unchanged), review: num(report.review), failed: num(report.failed) };
  const refusedHref = report?.refusedCsv ? `data:text/csv;charset=utf-8,${encodeURIComponent("\ufeff" + report.refusedCsv)}` : null;
  return (
    <Card title={t("web.imp.title")}>
      <p className="small muted">{t("web.imp.help")}</p>
      <form onSubmit={submit} noValidate>
        <TextField label={t("web.imp.file")} type="file" accept=".csv,.tsv,.txt,.xlsx,.json,text/csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setReport(null); setMap({}); setSheet(""); }} />
        <SelectField label={t("web.imp.category")} value={category} onChange={(e) => setCategory(e.target.value)} options={[{ value: "", label: t("web.imp.noCategory") }, ...personCategories.map((c) => ({ value: c, label: label("common.category", c) }))]} />
        {report && report.sheets.length > 1 && (
          <SelectField label={t("web.imp.sheet")} value={sheet || report.sheet || ""} onChange={(e) => setSheet(e.target.value)} options={report.sheets.map((s) => ({ value: s, label: s }))} />
        )}
        <FormError message={error} />
        <button type="submit" disabled={progress !== undefined}>{t("web.imp.check")}</button>{" "}
        <button type="button" className="primary" disabled={progress !== undefined || !report?.dryRun} onClick={() => void run(false)}>
          {t("web.imp.commit")}
        </button>
      </form>
      {progress !== undefined && (
        <p role="status">
          {t("web.imp.progress")} <progress aria-label={t("web.imp.progress")} max={1} {...(progress === null ? {} : { value: progress })} />
        </p>
      )}
      {report && (
        <div data-testid="import-report">
          <p>
            {t("web.imp.detected")}: <strong>{report.format.toUpperCase()}</strong>
            {report.encoding && <>, {t("web.imp.encoding")} <strong>{report.encoding}</strong></>}
            {report.separator && <>, {t("web.imp.separator")} <strong>{report.separator === "\t" ? t("web.imp.tab") : report.separator}</strong></>}
            {report.sheet && <>, {t("web.imp.sheet")} <strong>{report.sheet}</strong></>}
          </p>
          <p role="status">
            <strong>{report.dryRun ? t("web.imp.dryRunResult") : t("web.imp.committed")}</strong> — {t(report.dryRun ? "web.imp.counts" : "web.imp.countsDone", counts!)}
          </p>
          <table>
            <caption>{t("web.imp.columns")}</caption>
            <thead><tr><th scope="col">{t("web.imp.header")}</th><th scope="col">{t("web.imp.field")}</th></tr></thead>
            <tbody>
              {report.columns.map((c, i) => (
                <tr key={i}>
                  <td>{c.header}</td>
                  <td>
                    <select aria-label={`${t("web.imp.field")}: ${c.header}`} value={map[c.header] ?? c.field ?? "ignore"} onChange={(e) => setMap({ ...map, [c.header]: e.target.value })} disabled={!report.dryRun}>
                      <option value="ignore">{t("web.imp.ignore")}</option>
                      {FIELDS.map((f) => <option key={f} value={f}>{t(`web.imp.field.${f}`)}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.preview.length > 0 && (
            <table>
              <caption>{t("web.imp.preview")}</caption>
              <tbody>
                {report.preview.map((p) => (
                  <tr key={p.row}>
                    <td>{p.row}</td><td>{p.draft.name}</td><td>{date(p.draft.birthDate, "short")}</td><td>{p.draft.sex ? label("common.sex", p.draft.sex) : ""}</td><td>{label("common.category", p.draft.category)}</td>
                    <td>{p.draft.case?.articles.map((a) => (a.part ? `${a.article}:${a.part}` : a.article)).join("; ")}</td>
                    <td>{p.draft.case?.years || p.draft.case?.months ? `${p.draft.case.years ?? 0}y${p.draft.case.months ?? 0}m` : (p.draft.case?.verdictText ?? "")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.issues.length > 0 && (
            <>
              <h3>{t("web.imp.errors")}</h3>
              <ul className="plain" data-testid="import-issues">{report.issues.map((i, k) => <li key={k}>{i.message}</li>)}</ul>
            </>
          )}
          {refusedHref && <p><a href={refusedHref} download={`${report.file}.refused.csv`}>{t("web.imp.downloadRefused")}</a></p>}
          {report.conflicts.length > 0 && (
            <>
              <h3>{t("web.imp.conflicts")}</h3>
              <ul className="plain">{report.conflicts.map((c, k) => <li key={k}>{c.message}</li>)}</ul>
            </>
          )}
          {report.warnings.length > 0 && (
            <details>
              <summary>{t("web.imp.warnings")} ({num(report.warnings.length)})</summary>
              <ul className="plain small">{report.warnings.map((w, k) => <li key={k}>{w}</li>)}</ul>
            </details>
          )}
        </div>
      )}
    </Card>
  );
}

function ReviewList() {
  const { t, date } = useI18n();
  const items = useApi<{ items: ReviewItem[] }>("/api/v1/imports/reviews");
  const [done, setDone] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);
  const decide = async (id: string, decision: string) => {
    setError(null);
    try {
      await post(`/api/v1/imports/reviews/${id}`, { decision });
      setDone({ ...done, [id]: true });
    } catch (ex) {
      setError(ex instanceof ApiError ? ex.message : String(ex));
    }
  };
  const list = items.data?.items ?? [];
  const born = (d: string | null, y: number | null) => (d ? date(d) : y ? String(y) : "—");
  return (
    <Card title={t("web.imp.review")} testId="import-review">
      <p className="small muted">{t("web.imp.reviewHelp")}</p>
      <FormError message={error} />
      {items.data && list.length === 0 && <p>{t("web.imp.noReview")}</p>}
      <ul className="plain">
        {list.map((r) => (
          <li key={r.id} className="card">
            <p>
              <span className="muted small">{r.file}:{r.row} · {t(`web.imp.reason.${r.reason}`)}{r.score !== null ? ` · ${r.score.toFixed(2)}` : ""}</span>
              <br />
              {t("web.imp.inFile")}: <strong>{r.inputName}</strong>, {born(r.draft.birthDate && r.draft.birthDate.length === 10 ? r.draft.birthDate : null, r.draft.birthDate ? Number(r.draft.birthDate.slice(0, 4)) : null)}
              {r.candidate && (
                <>
                  <br />
                  {t("web.imp.candidate")}: <a href={`/app/people/${r.candidate.id}`}>{r.candidate.name}</a>, {born(r.candidate.birthDate, r.candidate.birthYear)}
                </>
              )}
            </p>
            {done[r.id] ? (
              <p role="status">{t("web.imp.decided")}</p>
            ) : r.reason === "consent" ? (
              <p>
                <button type="button" onClick={() => void decide(r.id, "applied")}>{t("web.imp.apply")}</button>{" "}
                <button type="button" onClick={() => void decide(r.id, "dismissed")}>{t("web.imp.dismiss")}</button>
              </p>
            ) : (
              <p>
                <button type="button" onClick={() => void decide(r.id, "same")}>{t("web.imp.same")}</button>{" "}
                <button type="button" onClick={() => void decide(r.id, "different")}>{t("web.imp.different")}</button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
