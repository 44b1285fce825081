import { useEffect, useState, type FormEvent } from "react";
import { ApiError, patch, post } from "../api.js";
import { DateField } from "../components/DateField.js";
import { FormError, TextArea, TextField } from "../components/Field.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import type { OfficialDetail } from "../officialTypes.js";
import { Link, navigate } from "../router.js";
import { useApi } from "../useApi.js";

// Create or edit an official: names in both scripts, birth date, one post (body, position, rank, region, from–to;
// further posts are kept as they are), notes and the sealed private details (write-only here).

type Form = Record<"primaryName" | "nameLatin" | "alternateNames" | "birthDate" | "notes" | "bodyName" | "position" | "rank" | "region" | "fromDate" | "toDate" | "homeAddress" | "relatives" | "phone", string>;

const empty: Form = { primaryName: "", nameLatin: "", alternateNames: "", birthDate: "", notes: "", bodyName: "", position: "", rank: "", region: "", fromDate: "", toDate: "", homeAddress: "", relatives: "", phone: "" };

function fromOfficial(o: OfficialDetail): Form {
  const p = o.positions?.[0];
  return {
    ...empty,
    primaryName: o.primaryName,
    nameLatin: o.nameLatin ?? "",
    alternateNames: o.names.filter((n) => !n.isPrimary && n.name !== o.nameLatin).map((n) => n.name).join("\n"),
    birthDate: o.birthDate ?? "",
    notes: o.notes ?? "",
    bodyName: p?.body?.name ?? "",
    position: p?.position ?? "",
    rank: p?.rank ?? "",
    region: p?.region ?? "",
    fromDate: p?.fromDate ?? "",
    toDate: p?.toDate ?? "",
  };
}

const opt = (s: string) => (s.trim() === "" ? null : s.trim());

function toBody(f: Form, existing: OfficialDetail | null) {
  const post1 = f.position.trim() ? [{ bodyName: opt(f.bodyName), position: f.position.trim(), rank: opt(f.rank), region: opt(f.region), fromDate: opt(f.fromDate), toDate: opt(f.toDate) }] : [];
  const others = (existing?.positions ?? []).slice(1).map((p) => ({ bodyId: p.body?.id ?? null, position: p.position, rank: p.rank, region: p.region, fromDate: p.fromDate, toDate: p.toDate }));
  const priv = { homeAddress: opt(f.homeAddress), relatives: opt(f.relatives), phone: opt(f.phone) };
  return {
    primaryName: f.primaryName,
    nameLatin: opt(f.nameLatin),
    alternateNames: f.alternateNames.split("\n").map((s) => s.trim()).filter(Boolean),
    birthDate: opt(f.birthDate),
    notes: opt(f.notes),
    positions: [...post1, ...others],
    // Sealed details are write-only on this form: left out unless something was typed, so an edit keeps them.
    ...(Object.values(priv).some(Boolean) ? { private: priv } : {}),
  };
}

export function OfficialEdit({ id }: { id: string | null }) {
  const { t } = useI18n();
  const loaded = useApi<OfficialDetail>(id ? `/api/v1/officials/${id}` : null);
  const [form, setForm] = useState<Form | null>(id ? null : empty);
  const { errors, error, clear, fail } = useFormErrors();
  const [busy, setBusy] = useState(false);
  // The server found an official of the same name (the matcher): offer to confirm a namesake.
  const [sameName, setSameName] = useState(false);
  const [confirmDuplicate, setConfirmDuplicate] = useState(false);
  useEffect(() => {
    if (loaded.data) setForm(fromOfficial(loaded.data));
  }, [loaded.data]);
  if (loaded.error) return <p className="form-error">{loaded.error.message}</p>;
  if (!form) return <p role="status">{t("web.loading")}</p>;

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const posKey: Partial<Record<keyof Form, string>> = { bodyName: "positions.0.bodyName", position: "positions.0.position", rank: "positions.0.rank", region: "positions.0.region", fromDate: "positions.0.fromDate", toDate: "positions.0.toDate", homeAddress: "private.homeAddress", relatives: "private.relatives", phone: "private.phone" };
  const err = (k: keyof Form) => Object.entries(errors).find(([p]) => p === (posKey[k] ?? k) || p.startsWith(`${posKey[k] ?? k}.`))?.[1] ?? (k === "position" ? errors.positions : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    clear();
    try {
      const body = toBody(form, loaded.data);
      const saved = id ? await patch<OfficialDetail>(`/api/v1/officials/${id}`, body) : await post<OfficialDetail>("/api/v1/officials", { ...body, confirmDuplicate });
      navigate(`/officials/${saved.id}`);
    } catch (ex) {
      fail(ex);
      if (ex instanceof ApiError && ex.status === 409) setSameName(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{id ? t("web.official.editTitle", { name: loaded.data?.primaryName ?? "" }) : t("web.officials.new")}</h1>
      <form onSubmit={submit} noValidate className="edit-form">
        <FormError message={error} />
        <fieldset>
          <legend>{t("web.official.names")}</legend>
          <TextField label={t("web.official.field.primaryName")} value={form.primaryName} onChange={set("primaryName")} error={err("primaryName")} required lang="ru" />
          <TextField label={t("web.official.field.nameLatin")} value={form.nameLatin} onChange={set("nameLatin")} error={err("nameLatin")} lang="en" />
          <TextArea label={t("web.official.field.alternateNames")} hint={t("web.official.field.alternateNamesHint")} rows={3} value={form.alternateNames} onChange={set("alternateNames")} error={err("alternateNames")} />
          <DateField label={t("web.official.field.birthDate")} value={form.birthDate} onChange={(v) => set("birthDate")({ target: { value: v } })} error={err("birthDate")} />
        </fieldset>
        <fieldset>
          <legend>{t("web.official.field.post")}</legend>
          <div className="cols">
            <TextField label={t("web.official.field.bodyName")} value={form.bodyName} onChange={set("bodyName")} error={err("bodyName")} />
            <TextField label={t("web.official.field.position")} value={form.position} onChange={set("position")} error={err("position")} />
            <TextField label={t("web.official.field.rank")} value={form.rank} onChange={set("rank")} error={err("rank")} />
            <TextField label={t("web.official.field.region")} value={form.region} onChange={set("region")} error={err("region")} />
            <DateField label={t("web.official.field.fromDate")} value={form.fromDate} onChange={(v) => set("fromDate")({ target: { value: v } })} error={err("fromDate")} />
            <DateField label={t("web.official.field.toDate")} value={form.toDate} onChange={(v) => set("toDate")({ target: { value: v } })} error={err("toDate")} />
          </div>
        </fieldset>
        <TextArea label={t("web.official.field.notes")} rows={3} value={form.notes} onChange={set("notes")} error={err("notes")} />
        <fieldset>
          <legend>{t("web.official.private")}</legend>
          <p className="hint">{t("web.official.privateHint")}</p>
          <TextField label={t("web.official.field.homeAddress")} value={form.homeAddress} onChange={set("homeAddress")} error={err("homeAddress")} autoComplete="off" />
          <TextField label={t("web.official.field.relatives")} value={form.relatives} onChange={set("relatives")} error={err("relatives")} autoComplete="off" />
          <TextField label={t("web.official.field.phone")} value={form.phone} onChange={set("phone")} error={err("phone")} autoComplete="off" />
        </fieldset>
        {sameName && !id && (
          <div className="field">
            <label>
              <input type="checkbox" checked={confirmDuplicate} onChange={(e) => setConfirmDuplicate(e.target.checked)} /> {t("web.official.confirmDuplicate")}
            </label>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("web.form.save")}
          </button>
          <Link to={id ? `/officials/${id}` : "/officials"} className="button secondary">
            {t("web.form.cancel")}
          </Link>
        </div>
      </form>
    </section>
  );
}
