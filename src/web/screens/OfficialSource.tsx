import { useState, type FormEvent } from "react";
import { post } from "../api.js";
import { FormError, SelectField, TextField } from "../components/Field.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";

// Cite a source for an official: a link or a document with its reliability grade (A completely reliable … F cannot
// be judged), created as a source of the organisation and cited in one step.

const GRADES = ["A", "B", "C", "D", "E", "F"] as const;

export function CiteOfficialSource({ officialId, onCited }: { officialId: string; onCited(): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState("");
  const [url, setUrl] = useState("");
  const [grade, setGrade] = useState<string>("C");
  const { errors, error, clear, fail } = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    try {
      const s = await post<{ id: string }>("/api/v1/sources", { kind: url.trim() ? "url" : "document", title, url: url.trim() || null, reliability: grade });
      await post(`/api/v1/officials/${officialId}/sources`, { sourceId: s.id });
      setTitle("");
      setUrl("");
      onCited();
    } catch (ex) {
      fail(ex);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="edit-form" aria-label={t("web.official.cite.title")}>
      <FormError message={error} />
      <div className="cols">
        <TextField label={t("web.official.cite.sourceTitle")} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
        <TextField label={t("web.official.cite.url")} type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url} />
        <SelectField label={t("web.official.cite.grade")} value={grade} onChange={(e) => setGrade(e.target.value)} options={GRADES.map((g) => ({ value: g, label: t(`web.official.cite.grade.${g}`) }))} />
      </div>
      <div className="actions">
        <button type="submit" disabled={!title.trim()}>
          {t("web.official.cite.submit")}
        </button>
      </div>
    </form>
  );
}
