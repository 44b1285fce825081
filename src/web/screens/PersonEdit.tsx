import { useEffect, useState, type FormEvent } from "react";
import { ApiError, patch, post } from "../api.js";
import { DuplicateCandidates, type DuplicateCandidate } from "../components/DuplicateCandidates.js";
import { FormError, SelectField, TextArea, TextField } from "../components/Field.js";
import { DateField } from "../components/DateField.js";
import { RegionField } from "../components/RegionField.js";
import { categories, exchangeConsents, publicityConsents, sexes, statuses } from "../enums.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import { Link, navigate } from "../router.js";
import type { PersonDetail } from "../types.js";
import { useApi } from "../useApi.js";
import type { MessageKey } from "../../i18n/index.js";

// Create or edit a person. The server validates (zod); its issues[{path,message}] appear beside each field.

type Form = Record<
  "primaryName" | "alternateNames" | "sex" | "birthDate" | "citizenship" | "homeRegion" | "category" | "status" | "statusSince" | "facilityName" | "publicityConsent" | "exchangeConsent" | "consentGivenBy" | "consentNote" | "publicSummary" | "sentenceText" | "externalId",
  string
>;

const empty: Form = {
  primaryName: "",
  alternateNames: "",
  sex: "unknown",
  birthDate: "",
  citizenship: "",
  homeRegion: "",
  category: "ru_political_prisoner",
  status: "unknown",
  statusSince: "",
  facilityName: "",
  publicityConsent: "none",
  exchangeConsent: "unknown",
  consentGivenBy: "",
  consentNote: "",
  publicSummary: "",
  sentenceText: "",
  externalId: "",
};

function fromPerson(p: PersonDetail): Form {
  return {
    primaryName: p.primaryName,
    alternateNames: p.names.filter((n) => !n.isPrimary).map((n) => n.name).join("\n"),
    sex: p.sex,
    birthDate: p.birthDate ?? "",
    citizenship: p.citizenship ?? "",
    homeRegion: p.homeRegion ?? "",
    category: p.category,
    status: p.status,
    statusSince: p.statusSince ?? "",
    facilityName: p.facilityDetail?.name ?? "",
    publicityConsent: p.publicityConsent ?? "none",
    exchangeConsent: p.exchangeConsent ?? "unknown",
    consentGivenBy: "",
    consentNote: "",
    publicSummary: p.publicSummary ?? "",
    sentenceText: p.sentenceText ?? "",
    externalId: p.externalId ?? "",
  };
}

function toBody(f: Form) {
  const opt = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    primaryName: f.primaryName,
    alternateNames: f.alternateNames.split("\n").map((s) => s.trim()).filter(Boolean),
    sex: f.sex,
    birthDate: opt(f.birthDate),
    citizenship: opt(f.citizenship),
    homeRegion: opt(f.homeRegion),
    category: f.category,
    status: f.status,
    statusSince: opt(f.statusSince),
    facilityName: opt(f.facilityName),
    publicSummary: opt(f.publicSummary),
    sentenceText: opt(f.sentenceText),
    externalId: opt(f.externalId),
  };
}

/** Consent is never a field edit: a change becomes a consent record (who gave it, how), by coordinators and admins. */
function consentRecordBody(f: Form, before: Form) {
  const publicity = f.publicityConsent !== before.publicityConsent ? f.publicityConsent : null;
  const exchange = f.exchangeConsent !== before.exchangeConsent ? f.exchangeConsent : null;
  if (!publicity && !exchange) return null;
  const opt = (s: string) => (s.trim() === "" ? null : s.trim());
  return { publicity, exchange, givenBy: opt(f.consentGivenBy), note: opt(f.consentNote) };
}

export function PersonEdit({ id, role }: { id: string | null; role: string }) {
  const mayRecordConsent = role === "admin" || role === "coordinator";
  const { t, label } = useI18n();
  const loaded = useApi<PersonDetail>(id ? `/api/v1/people/${id}` : null);
  const [form, setForm] = useState<Form | null>(id ? null : empty);
  const { errors, error, clear, fail } = useFormErrors();
  const [busy, setBusy] = useState(false);
  // The matcher's answer at the door: a refusal to confirm, or the possible duplicates of a saved record.
  const [probable, setProbable] = useState<DuplicateCandidate[] | null>(null);
  const [created, setCreated] = useState<{ id: string; candidates: DuplicateCandidate[] } | null>(null);

  useEffect(() => {
    if (loaded.data) setForm(fromPerson(loaded.data));
  }, [loaded.data]);

  if (loaded.error) return <p className="form-error">{loaded.error.message}</p>;
  if (!form) return <p role="status">{t("web.loading")}</p>;

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  // "alternateNames.2" → the alternateNames field.
  const err = (k: keyof Form) => Object.entries(errors).find(([p]) => p === k || p.startsWith(`${k}.`))?.[1];

  const save = async (confirmDistinct: boolean) => {
    setBusy(true);
    clear();
    setProbable(null);
    try {
      const consent = mayRecordConsent ? consentRecordBody(form, loaded.data ? fromPerson(loaded.data) : empty) : null;
      if (id) {
        await patch<PersonDetail>(`/api/v1/people/${id}`, toBody(form));
        if (consent) await post(`/api/v1/people/${id}/consents`, consent);
        navigate(`/people/${id}`);
        return;
      }
      const saved = await post<PersonDetail & { warnings?: { candidates: DuplicateCandidate[] }[] }>("/api/v1/people", { ...toBody(form), ...(confirmDistinct ? { confirmDistinct: true } : {}) });
      if (consent) await post(`/api/v1/people/${saved.id}/consents`, consent);
      const possible = (saved.warnings ?? []).flatMap((w) => w.candidates);
      // A possible duplicate is saved, and said: the coordinator may want to merge it now.
      if (possible.length) setCreated({ id: saved.id, candidates: possible });
      else navigate(`/people/${saved.id}`);
    } catch (ex) {
      if (ex instanceof ApiError && ex.code === "probableDuplicate") {
        setProbable(ex.data.candidates as DuplicateCandidate[]);
        return;
      }
      fail(ex);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  if (created)
    return (
      <section className="card" role="status" aria-labelledby="possible-h">
        <h1 id="possible-h">{t("web.dup.possibleTitle")}</h1>
        <DuplicateCandidates candidates={created.candidates} />
        <Link to={`/people/${created.id}`} className="button primary">
          {t("web.dup.continue")}
        </Link>
      </section>
    );

  const opts = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: label(prefix, v) }));
  const consentOpts = (kind: "publicity" | "exchange", values: readonly string[]) => values.map((v) => ({ value: v, label: t(`web.consent.${kind}.${v}` as MessageKey) }));

  return (
    <section>
      <h1>{id ? t("web.person.editTitle", { name: loaded.data?.primaryName ?? "" }) : t("web.person.new")}</h1>
      <form onSubmit={submit} noValidate className="edit-form">
        <FormError message={error} />
        {probable && (
          <section className="card" role="alertdialog" aria-labelledby="maybe-h" aria-describedby="maybe-text">
            <h2 id="maybe-h">{t("web.dup.mayBe")}</h2>
            <p id="maybe-text">{t("web.dup.mayBeIntro")}</p>
            <DuplicateCandidates candidates={probable} />
            <button type="button" className="secondary" disabled={busy} onClick={() => void save(true)}>
              {t("web.dup.createAnyway")}
            </button>
          </section>
        )}
        <fieldset>
          <legend>{t("web.person.names")}</legend>
          <TextField label={t("web.field.primaryName")} value={form.primaryName} onChange={set("primaryName")} error={err("primaryName")} required />
          <TextArea label={t("web.field.alternateNames")} hint={t("web.field.alternateNamesHint")} rows={3} value={form.alternateNames} onChange={set("alternateNames")} error={err("alternateNames")} />
        </fieldset>
        <fieldset>
          <legend>{t("web.person.details")}</legend>
          <div className="cols">
            <SelectField label={t("web.field.category")} value={form.category} onChange={set("category")} options={opts("common.category", categories)} error={err("category")} />
            <SelectField label={t("web.field.sex")} value={form.sex} onChange={set("sex")} options={opts("common.sex", sexes)} error={err("sex")} />
            <DateField label={t("web.field.birth")} allowYear value={form.birthDate} onChange={(v) => set("birthDate")({ target: { value: v } })} error={err("birthDate")} />
            <TextField label={t("web.field.citizenship")} value={form.citizenship} onChange={set("citizenship")} error={err("citizenship")} />
            <RegionField label={t("web.field.region")} value={form.homeRegion} onChange={(v) => set("homeRegion")({ target: { value: v } })} error={err("homeRegion")} />
            <TextField label={t("web.field.facility")} value={form.facilityName} onChange={set("facilityName")} error={err("facilityName")} />
            <SelectField label={t("web.field.status")} value={form.status} onChange={set("status")} options={opts("common.status", statuses)} error={err("status")} />
            <DateField label={t("web.field.statusSince")} value={form.statusSince} onChange={(v) => set("statusSince")({ target: { value: v } })} error={err("statusSince")} />
            <TextField label={t("web.field.externalId")} value={form.externalId} onChange={set("externalId")} error={err("externalId")} />
          </div>
          <TextField label={t("web.field.sentenceText")} value={form.sentenceText} onChange={set("sentenceText")} error={err("sentenceText")} />
        </fieldset>
        <fieldset>
          <legend>{t("web.person.consent")}</legend>
          {mayRecordConsent ? (
            <>
              <div className="cols">
                <SelectField label={t("web.field.publicityConsent")} value={form.publicityConsent} onChange={set("publicityConsent")} options={consentOpts("publicity", publicityConsents)} error={err("publicityConsent")} />
                <SelectField label={t("web.field.exchangeConsent")} value={form.exchangeConsent} onChange={set("exchangeConsent")} options={consentOpts("exchange", exchangeConsents)} error={err("exchangeConsent")} />
                <TextField label={t("web.consent.givenBy")} hint={t("web.consent.givenByHint")} value={form.consentGivenBy} onChange={set("consentGivenBy")} error={err("consentGivenBy")} />
              </div>
              <TextArea label={t("web.consent.note")} rows={2} value={form.consentNote} onChange={set("consentNote")} error={err("consentNote")} />
            </>
          ) : (
            <p className="hint">{t("web.consent.onlyCoordinators")}</p>
          )}
          <TextArea label={t("web.field.publicSummary")} hint={t("web.field.publicSummaryHint")} rows={4} value={form.publicSummary} onChange={set("publicSummary")} error={err("publicSummary")} />
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("web.form.save")}
          </button>
          <Link to={id ? `/people/${id}` : "/people"} className="button secondary">
            {t("web.form.cancel")}
          </Link>
        </div>
      </form>
    </section>
  );
}
