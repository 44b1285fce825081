import { useEffect, useState, type FormEvent } from "react";
import { api, post } from "../api.js";
import { DateField } from "../components/DateField.js";
import { FormError, SelectField, TextArea, TextField } from "../components/Field.js";
import { ApiSection, Card } from "../components/Section.js";
import { useI18n } from "../i18n.js";
import { useApi } from "../useApi.js";
import { healthSeverities, reliabilityGrades, sourceKinds } from "../../domain/vocabulary/enums.js";
import { CONDITION_KINDS } from "../../domain/priority/weights.js";
import type { MessageKey } from "../../i18n/index.js";
import { Saved, useSave } from "./PersonRecords.js";

// The write side of a person's health, priority facts and sources (PersonRecords.tsx holds the screen). Health is
// write-only here: reading it is a sealed, audited read on the person page.

const none = (v: string) => (v.trim() === "" ? undefined : v);

export function HealthForm({ id }: { id: string }) {
  const { t, label } = useI18n();
  const empty = { condition: "", icd10: "", severity: "moderate", preventsServing: false, recordedOn: "", note: "" };
  const [f, setF] = useState(empty);
  const s = useSave();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      condition: f.condition,
      icd10: f.icd10.split(/[,;\s]+/).filter(Boolean),
      severity: f.severity,
      preventsServing: f.preventsServing,
      recordedOn: none(f.recordedOn),
      note: none(f.note),
    };
    void s.run(() => post(`/api/v1/people/${id}/health`, body)).then((ok) => ok && setF(empty));
  };
  // ICD-10 codes are one field here and a list in the API: an issue on any code ("icd10.1") belongs to the field.
  const icdError = Object.entries(s.errors).find(([k]) => k === "icd10" || k.startsWith("icd10."))?.[1];
  return (
    <Card title={t("web.healthForm.title")} testId="health-form">
      <p className="hint">{t("web.healthForm.sealed")}</p>
      <form onSubmit={submit} noValidate className="edit-form">
        <TextArea label={t("web.healthForm.condition")} rows={2} value={f.condition} onChange={(e) => setF({ ...f, condition: e.target.value })} error={s.errors.condition} />
        <div className="row-fields">
          <TextField label={t("web.healthForm.icd10")} hint={t("web.healthForm.icd10Hint")} value={f.icd10} onChange={(e) => setF({ ...f, icd10: e.target.value })} error={icdError} />
          <SelectField label={t("web.healthForm.severity")} value={f.severity} onChange={(e) => setF({ ...f, severity: e.target.value })} options={healthSeverities.map((v) => ({ value: v, label: label("web.health.severity", v) }))} error={s.errors.severity} />
          <DateField label={t("web.healthForm.recordedOn")} value={f.recordedOn} onChange={(v) => setF({ ...f, recordedOn: v })} error={s.errors.recordedOn} />
        </div>
        <label className="check">
          <input type="checkbox" checked={f.preventsServing} onChange={(e) => setF({ ...f, preventsServing: e.target.checked })} /> {t("web.health.preventsServing")}
        </label>
        <TextArea label={t("web.healthForm.note")} rows={2} value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} error={s.errors.note} />
        <FormError message={s.error} />
        <button type="submit" className="primary">
          {t("web.healthForm.record")}
        </button>
        <Saved saved={s.saved} />
      </form>
    </Card>
  );
}

interface Facts {
  minorChildren?: number;
  childrenUnder14?: number;
  otherDependants?: number;
  publicProfile?: string;
  pregnant?: boolean;
  soleCarer?: boolean;
  conditions?: { kind: string; verified?: boolean; reportedAt?: string }[];
  updatedAt?: string | null;
}

const PROFILES = ["unknown", "low", "medium", "high"] as const;

export function FactsForm({ id }: { id: string }) {
  const { t, label, date } = useI18n();
  const loaded = useApi<Facts>(`/api/v1/people/${id}/priority/facts`);
  const [f, setF] = useState<Facts | null>(null);
  // Numbers are typed as text so that a wrong one reaches the server and comes back as its message.
  const [counts, setCounts] = useState({ minorChildren: "", childrenUnder14: "", otherDependants: "" });
  useEffect(() => {
    if (!loaded.data) return;
    setF(loaded.data);
    setCounts({ minorChildren: String(loaded.data.minorChildren ?? 0), childrenUnder14: String(loaded.data.childrenUnder14 ?? 0), otherDependants: String(loaded.data.otherDependants ?? 0) });
  }, [loaded.data]);
  const s = useSave();
  // A volunteer gets none of the facts (internal): nothing to show or edit.
  if (loaded.data && loaded.data.minorChildren === undefined) return null;
  const asNumber = (v: string) => (v.trim() === "" ? 0 : /^\d+$/.test(v.trim()) ? Number(v) : v);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!f) return;
    const body = { minorChildren: asNumber(counts.minorChildren), childrenUnder14: asNumber(counts.childrenUnder14), otherDependants: asNumber(counts.otherDependants), publicProfile: f.publicProfile, pregnant: f.pregnant, soleCarer: f.soleCarer, conditions: f.conditions };
    void s.run(() => api("PUT", `/api/v1/people/${id}/priority/facts`, body)).then((ok) => ok && loaded.reload());
  };
  const conditions = f?.conditions ?? [];
  const has = (kind: string) => conditions.find((c) => c.kind === kind);
  const toggle = (kind: string, on: boolean) => setF({ ...f, conditions: on ? [...conditions, { kind, verified: false }] : conditions.filter((c) => c.kind !== kind) });
  const verify = (kind: string, verified: boolean) => setF({ ...f, conditions: conditions.map((c) => (c.kind === kind ? { ...c, verified } : c)) });
  return (
    <ApiSection title={t("web.facts.title")} loaded={loaded} testId="facts-form">
      {() =>
        f && (
          <form onSubmit={submit} noValidate className="edit-form">
            <p className="hint">{f.updatedAt ? t("web.facts.updated", { date: date(f.updatedAt.slice(0, 10)) }) : t("web.facts.never")}</p>
            <div className="row-fields">
              {(["minorChildren", "childrenUnder14", "otherDependants"] as const).map((k) => (
                <TextField key={k} label={t(`web.facts.${k}`)} inputMode="numeric" value={counts[k]} onChange={(e) => setCounts({ ...counts, [k]: e.target.value })} error={s.errors[k]} />
              ))}
              <SelectField label={t("web.facts.publicProfile")} value={f.publicProfile ?? "unknown"} onChange={(e) => setF({ ...f, publicProfile: e.target.value })} options={PROFILES.map((v) => ({ value: v, label: label("priority.profileValue", v) }))} error={s.errors.publicProfile} />
            </div>
            <label className="check">
              <input type="checkbox" checked={!!f.pregnant} onChange={(e) => setF({ ...f, pregnant: e.target.checked })} /> {t("web.facts.pregnant")}
            </label>
            <label className="check">
              <input type="checkbox" checked={!!f.soleCarer} onChange={(e) => setF({ ...f, soleCarer: e.target.checked })} /> {t("web.facts.soleCarer")}
            </label>
            <fieldset>
              <legend>{t("web.facts.conditions")}</legend>
              {CONDITION_KINDS.map((k) => (
                <div key={k} className="check-row">
                  <label className="check">
                    <input type="checkbox" checked={!!has(k)} onChange={(e) => toggle(k, e.target.checked)} /> {label("priority.condition", k)}
                  </label>
                  {has(k) && (
                    <label className="check">
                      <input type="checkbox" checked={!!has(k)?.verified} onChange={(e) => verify(k, e.target.checked)} /> {t("web.facts.verified")}
                    </label>
                  )}
                </div>
              ))}
            </fieldset>
            <FormError message={s.error} />
            <button type="submit" className="primary">
              {t("web.records.save")}
            </button>
            <Saved saved={s.saved} />
          </form>
        )
      }
    </ApiSection>
  );
}

interface SourceRow {
  id: string;
  kind: string;
  title: string;
  url: string | null;
  reliability: string;
  note?: string | null;
}

export function SourcesForms({ id }: { id: string }) {
  const { t, label } = useI18n();
  const cited = useApi<{ items: SourceRow[] }>(`/api/v1/people/${id}/sources`);
  const all = useApi<{ items: SourceRow[] }>("/api/v1/sources");
  const [cite, setCite] = useState({ sourceId: "", note: "" });
  const emptySource = { kind: "url", title: "", url: "", reliability: "F", note: "" };
  const [src, setSrc] = useState(emptySource);
  const c = useSave();
  const n = useSave();
  const reload = () => {
    cited.reload();
    all.reload();
  };
  const submitCite = (e: FormEvent) => {
    e.preventDefault();
    void c.run(() => post(`/api/v1/people/${id}/sources`, { sourceId: cite.sourceId, note: none(cite.note) })).then((ok) => ok && (setCite({ sourceId: "", note: "" }), reload()));
  };
  const submitNew = (e: FormEvent) => {
    e.preventDefault();
    void n
      .run(async () => {
        const made = await post<{ id: string }>("/api/v1/sources", { kind: src.kind, title: src.title, url: none(src.url), reliability: src.reliability, note: none(src.note) });
        await post(`/api/v1/people/${id}/sources`, { sourceId: made.id });
      })
      .then((ok) => ok && (setSrc(emptySource), reload()));
  };
  const citedIds = new Set((cited.data?.items ?? []).map((s) => s.id));
  const choices = (all.data?.items ?? []).filter((s) => !citedIds.has(s.id));
  return (
    <ApiSection title={t("web.sources.title")} loaded={cited} testId="sources-form">
      {(d) => (
        <>
          {d.items.length === 0 ? (
            <p className="muted">{t("web.sources.none")}</p>
          ) : (
            <ul className="plain">
              {d.items.map((s) => (
                <li key={s.id}>
                  {s.url ? (
                    <a href={s.url} rel="noreferrer noopener" target="_blank">
                      {s.title}
                    </a>
                  ) : (
                    s.title
                  )}{" "}
                  <span className="badge">{label("web.sourceKind", s.kind)}</span> <span className="badge">{t("web.sources.reliability", { grade: s.reliability })}</span>
                  {s.note && <span className="muted small"> — {s.note}</span>}
                </li>
              ))}
            </ul>
          )}
          {choices.length > 0 ? (
            <form onSubmit={submitCite} noValidate className="edit-form" data-testid="cite-form">
              <h3>{t("web.sourcesForm.cite")}</h3>
              <div className="row-fields">
                <SelectField label={t("web.sourcesForm.source")} value={cite.sourceId} onChange={(e) => setCite({ ...cite, sourceId: e.target.value })} error={c.errors.sourceId} options={[{ value: "", label: t("web.sourcesForm.choose") }, ...choices.map((s) => ({ value: s.id, label: s.title }))]} />
                <TextField label={t("web.sourcesForm.note")} value={cite.note} onChange={(e) => setCite({ ...cite, note: e.target.value })} error={c.errors.note} />
              </div>
              <FormError message={c.error} />
              <button type="submit" className="primary">
                {t("web.sourcesForm.citeButton")}
              </button>
              <Saved saved={c.saved} />
            </form>
          ) : (
            all.data && all.data.items.length === 0 && <p className="hint">{t("web.sourcesForm.noneYet")}</p>
          )}
          <form onSubmit={submitNew} noValidate className="edit-form" data-testid="source-form">
            <h3>{t("web.sourcesForm.new")}</h3>
            <div className="row-fields">
              <SelectField label={t("web.sourcesForm.kind")} value={src.kind} onChange={(e) => setSrc({ ...src, kind: e.target.value })} options={sourceKinds.map((k) => ({ value: k, label: label("web.sourceKind", k) }))} error={n.errors.kind} />
              <SelectField label={t("web.sourcesForm.reliability")} value={src.reliability} onChange={(e) => setSrc({ ...src, reliability: e.target.value })} options={reliabilityGrades.map((g) => ({ value: g, label: t(`web.grade.${g}` as MessageKey) }))} error={n.errors.reliability} />
            </div>
            <TextField label={t("web.sourcesForm.title")} value={src.title} onChange={(e) => setSrc({ ...src, title: e.target.value })} error={n.errors.title} />
            <TextField label={t("web.sourcesForm.url")} type="url" value={src.url} onChange={(e) => setSrc({ ...src, url: e.target.value })} error={n.errors.url} />
            <TextArea label={t("web.healthForm.note")} rows={2} value={src.note} onChange={(e) => setSrc({ ...src, note: e.target.value })} error={n.errors.note} />
            <FormError message={n.error} />
            <button type="submit" className="primary">
              {t("web.sourcesForm.add")}
            </button>
            <Saved saved={n.saved} />
          </form>
        </>
      )}
    </ApiSection>
  );
}
