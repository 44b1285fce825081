import { useState } from "react";
import { ApiError, post } from "../api.js";
import { FormError } from "../components/Field.js";
import { useI18n } from "../i18n.js";
import { navigate } from "../router.js";
import { useApi } from "../useApi.js";
import type { MessageKey } from "../../i18n/index.js";

type Side = "survivor" | "merged";
interface Described {
  id: string;
  names: string[];
  [field: string]: unknown;
}
interface Preview {
  survivor: Described;
  merged: Described;
  conflicts: { field: string; survivor: unknown; merged: unknown }[];
}

const FIELDS = ["primaryName", "latinName", "externalId", "birthDate", "sex", "category", "status", "citizenship", "homeRegion", "currentFacilityId", "publicityConsent", "exchangeConsent", "sentenceText", "publicSummary", "photoUrl"] as const;
const LABEL: Record<string, MessageKey> = {
  primaryName: "web.field.primaryName",
  latinName: "web.merge.latinName",
  externalId: "web.field.externalId",
  birthDate: "web.field.birth",
  sex: "web.field.sex",
  category: "web.field.category",
  status: "web.field.status",
  citizenship: "web.field.citizenship",
  homeRegion: "web.field.region",
  currentFacilityId: "web.field.facility",
  publicityConsent: "web.field.publicityConsent",
  exchangeConsent: "web.field.exchangeConsent",
  sentenceText: "web.field.sentenceText",
  publicSummary: "web.field.publicSummary",
  photoUrl: "web.merge.photoUrl",
  genevaRecord: "web.merge.genevaRecord",
  priorityFacts: "web.merge.priorityFacts",
};

// Two records side by side; for each field where both differ the coordinator picks whose value stays.
export function Merge({ survivorId, mergedId }: { survivorId: string; mergedId: string }) {
  const { t, label, date, region } = useI18n();
  const preview = useApi<Preview>(`/api/v1/people/${survivorId}/merge?mergedId=${mergedId}`);
  // The records hold a facility by id: shown by its name.
  const facilities = useApi<{ items: { id: string; name: string }[] }>("/api/v1/facilities");
  const facilityName = new Map((facilities.data?.items ?? []).map((f) => [f.id, f.name]));
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (preview.unavailable) return <p role="alert">{t("web.notAllowed")}</p>;
  if (preview.error) return <p className="form-error">{preview.error.message}</p>;
  if (!preview.data) return <p role="status">{t("web.loading")}</p>;
  const p = preview.data;
  const conflict = new Set(p.conflicts.map((c) => c.field));
  // Stored codes by their words in the screen's language (the same values the person page shows).
  const ENUMS: Record<string, string> = { sex: "common.sex", category: "common.category", status: "common.status", publicityConsent: "web.consent.publicity", exchangeConsent: "web.consent.exchange" };
  const show = (v: unknown, field?: string) => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "string" && field && ENUMS[field]) return label(ENUMS[field], v);
    if (typeof v === "string" && field === "homeRegion") return region(v);
    if (typeof v === "string" && field === "currentFacilityId") return facilityName.get(v) ?? v;
    if (typeof v === "string" && field === "birthDate" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return date(v);
    return String(v);
  };
  const submit = async () => {
    if (p.conflicts.some((c) => !choices[c.field])) return setError(t("web.merge.chooseAll"));
    setBusy(true);
    setError(null);
    try {
      await post(`/api/v1/people/${survivorId}/merge`, { mergedId, choices });
      navigate(`/people/${survivorId}`);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex.message : String(ex));
    } finally {
      setBusy(false);
    }
  };
  const radio = (field: string, side: Side, value: unknown) => (
    <label>
      <input type="radio" name={`choice-${field}`} checked={choices[field] === side} onChange={() => setChoices({ ...choices, [field]: side })} /> {show(value, field)}
    </label>
  );
  const rows = [...FIELDS.filter((f) => conflict.has(f) || show(p.survivor[f]) !== "—" || show(p.merged[f]) !== "—"), ...p.conflicts.map((c) => c.field).filter((f) => !(FIELDS as readonly string[]).includes(f))];
  return (
    <section>
      <h1>{t("web.merge.title")}</h1>
      <p className="muted">{t("web.merge.intro")}</p>
      <FormError message={error} />
      <div className="table-wrap">
      <table className="merge">
        <thead>
          <tr>
            <th scope="col">{t("web.merge.field")}</th>
            <th scope="col">{t("web.merge.survivor")}</th>
            <th scope="col">{t("web.merge.merged")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => {
            const c = p.conflicts.find((x) => x.field === f);
            const [a, b] = c ? [c.survivor === "(record)" ? t("web.merge.record") : c.survivor, c.merged === "(record)" ? t("web.merge.record") : c.merged] : [p.survivor[f], p.merged[f]];
            return (
              <tr key={f} className={c ? "conflict" : ""}>
                <th scope="row">{LABEL[f] ? t(LABEL[f]) : f}</th>
                <td>{c ? radio(f, "survivor", a) : show(a, f)}</td>
                <td>{c ? radio(f, "merged", b) : show(b, f)}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">{t("web.merge.names")}</th>
            <td>{p.survivor.names.join("; ")}</td>
            <td>{p.merged.names.join("; ")}</td>
          </tr>
        </tbody>
      </table>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>
          {t("web.merge.submit")}
        </button>
        <button type="button" className="secondary" onClick={() => navigate(`/merge?survivor=${mergedId}&merged=${survivorId}`, true)}>
          {t("web.merge.swap")}
        </button>
      </div>
    </section>
  );
}
