import { useEffect, useState, type FormEvent } from "react";
import { post, qs } from "../api.js";
import { DateField } from "../components/DateField.js";
import { FormError, SelectField, TextField } from "../components/Field.js";
import { Card } from "../components/Section.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import { caseRoles } from "../officialTypes.js";
import type { Page, PersonDetail, PersonSummary } from "../types.js";
import { useApi } from "../useApi.js";

// Link an official to a case: find the person by any spelling (the people search), choose one of their cases,
// the role and its date.

export function LinkToCase({ officialId, onLinked }: { officialId: string; onLinked(): void }) {
  const { t, label, date } = useI18n();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [personId, setPersonId] = useState("");
  const [caseId, setCaseId] = useState("");
  const [role, setRole] = useState<string>("judge_first_instance");
  const [fromDate, setFromDate] = useState("");
  const { errors, error, clear, fail } = useFormErrors();
  const [done, setDone] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(id);
  }, [text]);
  const people = useApi<Page<PersonSummary>>(q.length >= 2 ? `/api/v1/people/search${qs({ q, limit: 20 })}` : null);
  const person = useApi<PersonDetail>(personId ? `/api/v1/people/${personId}` : null);
  useEffect(() => {
    const only = people.data?.items.length === 1 ? people.data.items[0]!.id : "";
    if (only && !personId) setPersonId(only);
  }, [people.data, personId]);
  useEffect(() => {
    const cases = person.data?.cases ?? [];
    setCaseId(cases.length === 1 ? cases[0]!.id : "");
  }, [person.data]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    setDone(false);
    try {
      await post(`/api/v1/officials/${officialId}/roles`, { caseId, role, fromDate: fromDate || null });
      setDone(true);
      setCaseId("");
      setPersonId("");
      setText("");
      onLinked();
    } catch (ex) {
      fail(ex);
    }
  };

  const cases = person.data?.cases ?? [];
  return (
    <Card title={t("web.official.link.title")} testId="link-to-case">
      <form onSubmit={submit} noValidate className="edit-form">
        <FormError message={error} />
        <div className="cols">
          <TextField label={t("web.official.link.person")} hint={t("web.official.link.personHint")} value={text} onChange={(e) => { setText(e.target.value); setPersonId(""); }} autoComplete="off" />
          <SelectField
            label={t("web.official.link.choosePerson")}
            value={personId}
            onChange={(e) => setPersonId(e.target.value)}
            options={[{ value: "", label: "—" }, ...(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.primaryName}${p.birthDate ? `, ${p.birthDate}` : ""}` }))]}
          />
          <SelectField
            label={t("web.official.link.case")}
            value={caseId}
            onChange={(e) => setCaseId(e.target.value)}
            error={errors.caseId}
            options={[{ value: "", label: t("web.official.link.chooseCase") }, ...cases.map((c, i) => ({ value: c.id, label: [c.caseNumber ? `№ ${c.caseNumber}` : t("web.official.link.caseNth", { n: i + 1 }), c.court, date(c.verdictOn)].filter(Boolean).join(", ") }))]}
          />
          <SelectField label={t("web.official.link.role")} value={role} onChange={(e) => setRole(e.target.value)} error={errors.role} options={caseRoles.map((r) => ({ value: r, label: label("web.official.role", r) }))} />
          <DateField label={t("web.official.link.date")} value={fromDate} onChange={setFromDate} error={errors.fromDate} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={!caseId}>
            {t("web.official.link.submit")}
          </button>
          {done && <span role="status">{t("web.official.link.done")}</span>}
        </div>
      </form>
    </Card>
  );
}
