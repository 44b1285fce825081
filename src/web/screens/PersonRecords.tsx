import { useState, type FormEvent } from "react";
import { ApiError, api, issuesByPath, post } from "../api.js";
import { DateField } from "../components/DateField.js";
import { FormError, SelectField, TextArea, TextField } from "../components/Field.js";
import { ApiSection } from "../components/Section.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import type { PersonDetail } from "../types.js";
import { useApi } from "../useApi.js";
import { exchangeConsents, publicityConsents } from "../../domain/vocabulary/enums.js";
import type { MessageKey } from "../../i18n/index.js";
import { FactsForm, HealthForm, SourcesForms } from "./RecordForms.js";

// The records a person's file gathers beyond the edit form: who works on it (lawyers assigned), consent records (who
// gave it, when, how), health, the priority score's facts, sources. Each part shows only what the API gives this role
// (src/http/presenters, src/services/policy.ts) and offers a form only to the roles the policy lets write it.

export function PersonRecords({ id, role }: { id: string; role: string }) {
  const { t } = useI18n();
  const person = useApi<PersonDetail>(`/api/v1/people/${id}`);
  if (person.error) return <p className="form-error" role="alert">{person.unavailable ? t("web.person.notFound") : person.error.message}</p>;
  if (!person.data) return <p role="status">{t("web.loading")}</p>;
  const coordinates = role === "admin" || role === "coordinator";
  const writes = role !== "volunteer";
  return (
    <article className="person-records">
      <p className="muted small">
        <Link to={`/people/${id}`}>{t("web.records.back")}</Link>
      </p>
      <h1>
        {t("web.records.title")}: {person.data.primaryName}
      </h1>
      <Assignments id={id} mayAssign={coordinates} />
      <ConsentRecords id={id} mayRecord={coordinates} />
      {writes && <HealthForm id={id} />}
      {writes && <FactsForm id={id} />}
      {writes && <SourcesForms id={id} />}
    </article>
  );
}

/** Saving state shared by the record forms: field errors by path, a form-wide error, a "saved" note. */
export function useSave() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setErrors({});
    setError(null);
    setSaved(false);
    try {
      await fn();
      setSaved(true);
      return true;
    } catch (e) {
      const by = issuesByPath(e);
      setErrors(by);
      // Issues without a field (a refinement over the whole body) and service errors show above the button.
      const loose = e instanceof ApiError ? e.issues.filter((i) => !i.path).map((i) => i.message) : [];
      if (!Object.keys(by).length || loose.length) setError(loose.length ? loose.join("; ") : e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  return { errors, error, saved, run };
}

export function Saved({ saved }: { saved: boolean }) {
  const { t } = useI18n();
  return saved ? (
    <p className="muted small" role="status">
      {t("web.records.saved")}
    </p>
  ) : null;
}

interface Assignment {
  userId: string;
  name: string;
  assignedAt: string;
}

function Assignments({ id, mayAssign }: { id: string; mayAssign: boolean }) {
  const { t, date } = useI18n();
  const list = useApi<{ items: Assignment[] }>(`/api/v1/people/${id}/assignments`);
  const lawyers = useApi<{ items: { id: string; displayName: string }[] }>(mayAssign ? "/api/v1/appeals/lawyers" : null);
  const [userId, setUserId] = useState("");
  const s = useSave();
  const assign = (e: FormEvent) => {
    e.preventDefault();
    void s.run(() => post(`/api/v1/people/${id}/assignments`, { userId })).then((ok) => ok && (setUserId(""), list.reload()));
  };
  const remove = (who: string) => void s.run(() => api("DELETE", `/api/v1/people/${id}/assignments/${who}`)).then((ok) => ok && list.reload());
  const assigned = new Set((list.data?.items ?? []).map((a) => a.userId));
  const free = (lawyers.data?.items ?? []).filter((l) => !assigned.has(l.id));
  return (
    <ApiSection title={t("web.assign.title")} loaded={list} testId="assignments">
      {(d) => (
        <>
          {d.items.length === 0 ? (
            <p className="muted">{t("web.assign.none")}</p>
          ) : (
            <ul className="plain">
              {d.items.map((a) => (
                <li key={a.userId}>
                  {a.name} <span className="muted small">{t("web.assign.since", { date: date(a.assignedAt.slice(0, 10)) })}</span>{" "}
                  {mayAssign && (
                    <button type="button" className="secondary small" onClick={() => remove(a.userId)}>
                      {t("web.assign.remove")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {!mayAssign ? (
            <p className="hint">{t("web.assign.onlyCoordinators")}</p>
          ) : lawyers.data && lawyers.data.items.length === 0 ? (
            <p className="hint">{t("web.assign.noLawyers")}</p>
          ) : (
            <form onSubmit={assign} noValidate className="edit-form row-fields" data-testid="assign-form">
              <SelectField label={t("web.assign.lawyer")} value={userId} onChange={(e) => setUserId(e.target.value)} error={s.errors.userId} options={[{ value: "", label: t("web.assign.choose") }, ...free.map((l) => ({ value: l.id, label: l.displayName }))]} />
              <button type="submit" className="primary">
                {t("web.assign.add")}
              </button>
            </form>
          )}
          <FormError message={s.error} />
          <Saved saved={s.saved} />
        </>
      )}
    </ApiSection>
  );
}

/** The note src/services/people.ts stores with the consent given when a person is added. */
const CREATION_NOTE = "recorded when the person was added";

interface ConsentRow {
  publicity: string | null;
  exchange: string | null;
  givenBy?: string | null;
  givenOn?: string | null;
  note?: string | null;
  recordedAt: string;
}

function ConsentRecords({ id, mayRecord }: { id: string; mayRecord: boolean }) {
  const { t, date } = useI18n();
  const list = useApi<{ items: ConsentRow[] }>(`/api/v1/people/${id}/consents`);
  const empty = { publicity: "", exchange: "", givenBy: "", givenOn: "", note: "" };
  const [f, setF] = useState(empty);
  const s = useSave();
  const set = (k: keyof typeof empty) => (v: string) => setF({ ...f, [k]: v });
  const opt = (v: string) => (v.trim() === "" ? undefined : v);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { publicity: opt(f.publicity), exchange: opt(f.exchange), givenBy: opt(f.givenBy), givenOn: opt(f.givenOn), note: opt(f.note) };
    void s.run(() => post(`/api/v1/people/${id}/consents`, body)).then((ok) => ok && (setF(empty), list.reload()));
  };
  const choices = (kind: "publicity" | "exchange", values: readonly string[]) => [{ value: "", label: t("web.consentRecords.unchanged") }, ...values.map((v) => ({ value: v, label: t(`web.consent.${kind}.${v}` as MessageKey) }))];
  return (
    <ApiSection title={t("web.consentRecords.title")} loaded={list} testId="consent-records">
      {(d) => (
        <>
          {d.items.length === 0 ? (
            <p className="muted">{t("web.consentRecords.none")}</p>
          ) : (
            <ul className="plain">
              {d.items.map((c, i) => (
                <li key={i}>
                  {[c.publicity && `${t("web.field.publicityConsent")}: ${t(`web.consent.publicity.${c.publicity}` as MessageKey)}`, c.exchange && `${t("web.field.exchangeConsent")}: ${t(`web.consent.exchange.${c.exchange}` as MessageKey)}`].filter(Boolean).join("; ")}
                  {c.givenBy && <> — {c.givenBy}</>}
                  {c.note && <span className="muted"> ({c.note === CREATION_NOTE ? t("web.consentRecords.atCreation") : c.note})</span>}{" "}
                  <span className="muted small">
                    {c.givenOn && `${t("web.consentRecords.givenOnText", { date: date(c.givenOn) })}, `}
                    {t("web.consentRecords.recordedAt", { date: date(c.recordedAt.slice(0, 10)) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {mayRecord ? (
            <form onSubmit={submit} noValidate className="edit-form" data-testid="consent-form">
              <h3>{t("web.consentRecords.record")}</h3>
              <div className="row-fields">
                <SelectField label={t("web.field.publicityConsent")} value={f.publicity} onChange={(e) => set("publicity")(e.target.value)} options={choices("publicity", publicityConsents)} error={s.errors.publicity} />
                <SelectField label={t("web.field.exchangeConsent")} value={f.exchange} onChange={(e) => set("exchange")(e.target.value)} options={choices("exchange", exchangeConsents)} error={s.errors.exchange} />
              </div>
              <div className="row-fields">
                <TextField label={t("web.consent.givenBy")} hint={t("web.consent.givenByHint")} value={f.givenBy} onChange={(e) => set("givenBy")(e.target.value)} error={s.errors.givenBy} />
                <DateField label={t("web.consentRecords.givenOn")} value={f.givenOn} onChange={set("givenOn")} error={s.errors.givenOn} />
              </div>
              <TextArea label={t("web.consent.note")} rows={2} value={f.note} onChange={(e) => set("note")(e.target.value)} error={s.errors.note} />
              <FormError message={s.error} />
              <button type="submit" className="primary">
                {t("web.consentRecords.record")}
              </button>
              <Saved saved={s.saved} />
            </form>
          ) : (
            <p className="hint">{t("web.consent.onlyCoordinators")}</p>
          )}
        </>
      )}
    </ApiSection>
  );
}
