import { useEffect, useState, type FormEvent } from "react";
import { patch, post } from "../api.js";
import { FormError, SelectField, TextArea, TextField } from "../components/Field.js";
import { DateField } from "../components/DateField.js";
import { custodyKinds, legalCodes, regimes } from "../enums.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import { Link, navigate } from "../router.js";
import type { CaseView, PersonDetail } from "../types.js";
import { useApi } from "../useApi.js";

// Add or edit a criminal case: articles and custody periods as editable rows; the server's field errors
// ("articles.0.article") are shown beside the row's input.

interface ArticleRow {
  code: string;
  article: string;
  part: string;
  paragraph: string;
}
interface CustodyRow {
  kind: string;
  fromDate: string;
  toDate: string;
}
type Scalars = Record<
  "caseNumber" | "investigatingBody" | "court" | "judge" | "prosecutor" | "detainedOn" | "chargedOn" | "verdictOn" | "appealOn" | "verdict" | "sentenceYears" | "sentenceMonths" | "sentenceDays" | "regime" | "regimeChangedOn" | "regimeChangedTo" | "fineRub" | "bans" | "summary",
  string
>;
interface Form {
  s: Scalars;
  articles: ArticleRow[];
  custody: CustodyRow[];
}

const blank: Form = {
  s: { caseNumber: "", investigatingBody: "", court: "", judge: "", prosecutor: "", detainedOn: "", chargedOn: "", verdictOn: "", appealOn: "", verdict: "", sentenceYears: "", sentenceMonths: "", sentenceDays: "", regime: "", regimeChangedOn: "", regimeChangedTo: "", fineRub: "", bans: "", summary: "" },
  articles: [{ code: "RU_CC", article: "", part: "", paragraph: "" }],
  custody: [],
};

function fromCase(c: CaseView): Form {
  const s = (v: string | number | null) => (v === null || v === undefined ? "" : String(v));
  return {
    s: {
      caseNumber: s(c.caseNumber),
      investigatingBody: s(c.investigatingBody),
      court: s(c.court),
      judge: s(c.judge),
      prosecutor: s(c.prosecutor),
      detainedOn: s(c.detainedOn),
      chargedOn: s(c.chargedOn),
      verdictOn: s(c.verdictOn),
      appealOn: s(c.appealOn),
      verdict: s(c.verdict),
      sentenceYears: s(c.sentence.years),
      sentenceMonths: s(c.sentence.months),
      sentenceDays: s(c.sentence.days),
      regime: s(c.sentence.regime),
      regimeChangedOn: s(c.regimeChangedOn),
      regimeChangedTo: s(c.regimeChangedTo),
      fineRub: s(c.fineRub),
      bans: s(c.bans),
      summary: s(c.summary),
    },
    articles: c.articles.map((a) => ({ code: a.code, article: a.article, part: a.part ?? "", paragraph: a.paragraph ?? "" })),
    custody: c.custodyPeriods.map((p) => ({ kind: p.kind, fromDate: p.fromDate, toDate: p.toDate ?? "" })),
  };
}

const NUMERIC = new Set(["sentenceYears", "sentenceMonths", "sentenceDays", "fineRub"]);

function toBody(f: Form) {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.s)) {
    const t = v.trim();
    // Numbers that do not parse are sent as typed, so the server's message explains the problem.
    body[k] = t === "" ? null : NUMERIC.has(k) ? (Number.isFinite(Number(t)) ? Number(t) : t) : t;
  }
  body.articles = f.articles.filter((a) => a.article.trim() !== "").map((a) => ({ code: a.code, article: a.article.trim(), part: a.part.trim() || null, paragraph: a.paragraph.trim() || null }));
  body.custodyPeriods = f.custody.map((c) => ({ kind: c.kind, fromDate: c.fromDate.trim(), toDate: c.toDate.trim() || null }));
  return body;
}

export function CaseEdit({ personId, caseId }: { personId: string; caseId: string | null }) {
  const { t, label } = useI18n();
  const person = useApi<PersonDetail>(`/api/v1/people/${personId}`);
  const [form, setForm] = useState<Form | null>(caseId ? null : blank);
  const { errors, error, setError, clear, fail } = useFormErrors();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const c = person.data?.cases?.find((x) => x.id === caseId);
    if (c) setForm(fromCase(c));
    else if (person.data && caseId) setError(t("web.case.notFound"));
  }, [person.data, caseId, t]);

  if (person.error) return <p className="form-error">{person.error.message}</p>;
  if (!form) return <p role="status">{error ?? t("web.loading")}</p>;

  const setS = (k: keyof Scalars) => (e: { target: { value: string } }) => setForm({ ...form, s: { ...form.s, [k]: e.target.value } });
  const setRow = <K extends "articles" | "custody">(list: K, i: number, k: string, v: string) => setForm({ ...form, [list]: form[list].map((r, j) => (j === i ? { ...r, [k]: v } : r)) });
  const err = (path: string) => errors[path];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    clear();
    try {
      if (caseId) await patch(`/api/v1/people/${personId}/cases/${caseId}`, toBody(form));
      else await post(`/api/v1/people/${personId}/cases`, toBody(form));
      navigate(`/people/${personId}`);
    } catch (ex) {
      // Custody rows are sent as custodyPeriods; the editor calls them custody.
      fail(ex);
    } finally {
      setBusy(false);
    }
  };

  const text = (k: keyof Scalars, key: Parameters<typeof t>[0], hint?: string) => <TextField label={t(key)} value={form.s[k]} onChange={setS(k)} error={err(k)} hint={hint} />;
  const dateField = (k: keyof Scalars, key: Parameters<typeof t>[0]) => <DateField label={t(key)} value={form.s[k]} onChange={(v) => setS(k)({ target: { value: v } })} error={err(k)} />;

  return (
    <section>
      <p className="muted small">
        <Link to={`/people/${personId}`}>{person.data?.primaryName}</Link>
      </p>
      <h1>{caseId ? t("web.case.edit") : t("web.case.add")}</h1>
      <form onSubmit={submit} noValidate className="edit-form">
        <FormError message={error} />
        <fieldset>
          <legend>{t("web.case.articles")}</legend>
          {form.articles.map((a, i) => (
            <div className="row-fields" key={i}>
              <SelectField label={t("web.case.code")} value={a.code} onChange={(e) => setRow("articles", i, "code", e.target.value)} options={legalCodes.map((c) => ({ value: c, label: label("common.code", c) }))} error={err(`articles.${i}.code`)} />
              <TextField label={t("web.case.article")} inputMode="decimal" value={a.article} onChange={(e) => setRow("articles", i, "article", e.target.value)} error={err(`articles.${i}.article`)} />
              <TextField label={t("web.case.part")} value={a.part} size={4} onChange={(e) => setRow("articles", i, "part", e.target.value)} error={err(`articles.${i}.part`)} />
              <TextField label={t("web.case.paragraph")} value={a.paragraph} size={4} onChange={(e) => setRow("articles", i, "paragraph", e.target.value)} error={err(`articles.${i}.paragraph`)} />
              <button type="button" className="secondary small" onClick={() => setForm({ ...form, articles: form.articles.filter((_, j) => j !== i) })}>
                {t("web.form.remove")}
              </button>
            </div>
          ))}
          <button type="button" className="secondary small" onClick={() => setForm({ ...form, articles: [...form.articles, { code: "RU_CC", article: "", part: "", paragraph: "" }] })}>
            {t("web.case.addArticle")}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t("web.case.sentence")}</legend>
          <div className="cols">
            {text("sentenceYears", "web.case.years")}
            {text("sentenceMonths", "web.case.months")}
            {text("sentenceDays", "web.case.days")}
            <SelectField label={t("web.case.regime")} value={form.s.regime} onChange={setS("regime")} options={[{ value: "", label: "—" }, ...regimes.map((r) => ({ value: r, label: label("common.regime", r) }))]} error={err("regime")} />
            {dateField("regimeChangedOn", "web.case.regimeChangedOn")}
            <SelectField label={t("web.case.regimeChangedTo")} value={form.s.regimeChangedTo} onChange={setS("regimeChangedTo")} options={[{ value: "", label: "—" }, ...regimes.map((r) => ({ value: r, label: label("common.regime", r) }))]} error={err("regimeChangedTo")} />
            {text("fineRub", "web.case.fine")}
          </div>
          {text("bans", "web.case.bans")}
        </fieldset>
        <fieldset>
          <legend>{t("web.case.procedure")}</legend>
          <div className="cols">
            {text("caseNumber", "web.case.number")}
            {text("court", "web.case.court")}
            {text("judge", "web.case.judge")}
            {text("prosecutor", "web.case.prosecutor")}
            {text("investigatingBody", "web.case.investigatingBody")}
            {dateField("detainedOn", "web.case.detainedOn")}
            {dateField("chargedOn", "web.case.chargedOn")}
            {dateField("verdictOn", "web.case.verdictOn")}
            {dateField("appealOn", "web.case.appealOn")}
          </div>
          <TextArea label={t("web.case.verdict")} rows={2} value={form.s.verdict} onChange={setS("verdict")} error={err("verdict")} />
          <TextArea label={t("web.case.summary")} rows={3} value={form.s.summary} onChange={setS("summary")} error={err("summary")} />
        </fieldset>
        <fieldset>
          <legend>{t("web.case.custody")}</legend>
          {form.custody.map((c, i) => (
            <div className="row-fields" key={i}>
              <SelectField label={t("web.case.custodyKind")} value={c.kind} onChange={(e) => setRow("custody", i, "kind", e.target.value)} options={custodyKinds.map((k) => ({ value: k, label: label("web.custody", k) }))} error={err(`custodyPeriods.${i}.kind`)} />
              <DateField label={t("web.case.from")} value={c.fromDate} onChange={(v) => setRow("custody", i, "fromDate", v)} error={err(`custodyPeriods.${i}.fromDate`)} />
              <DateField label={t("web.case.to")} value={c.toDate} onChange={(v) => setRow("custody", i, "toDate", v)} error={err(`custodyPeriods.${i}.toDate`)} />
              <button type="button" className="secondary small" onClick={() => setForm({ ...form, custody: form.custody.filter((_, j) => j !== i) })}>
                {t("web.form.remove")}
              </button>
            </div>
          ))}
          <button type="button" className="secondary small" onClick={() => setForm({ ...form, custody: [...form.custody, { kind: "sizo", fromDate: "", toDate: "" }] })}>
            {t("web.case.addCustody")}
          </button>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("web.form.save")}
          </button>
          <Link to={`/people/${personId}`} className="button secondary">
            {t("web.form.cancel")}
          </Link>
        </div>
      </form>
    </section>
  );
}
