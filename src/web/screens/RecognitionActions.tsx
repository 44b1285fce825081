import { useState, type FormEvent } from "react";
import { post } from "../api.js";
import { FormError, SelectField, TextArea } from "../components/Field.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import type { MessageKey } from "../../i18n/index.js";

// Recognition under PACE Resolution 1900: researchers and coordinators record an assessment against
// criteria (a)–(e); a different coordinator decides (four-eyes — the server refuses the author).

const CRITERIA = ["a", "b", "c", "d", "e"] as const;
const OUTCOMES = ["recognised", "not_recognised", "needs_more_information"] as const;

export function RecognitionActions({ personId, role, hasAssessment, onDone }: { personId: string; role: string; hasAssessment: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<"assess" | "decide" | null>(null);
  const mayAssess = ["admin", "coordinator", "researcher"].includes(role);
  const mayDecide = ["admin", "coordinator"].includes(role) && hasAssessment;
  if (!mayAssess && !mayDecide) return null;
  const done = () => {
    setOpen(null);
    onDone();
  };
  return (
    <div className="recognition-actions">
      <div className="actions">
        {mayAssess && (
          <button type="button" className="small" aria-expanded={open === "assess"} onClick={() => setOpen(open === "assess" ? null : "assess")}>
            {t("web.recognition.assess")}
          </button>
        )}
        {mayDecide && (
          <button type="button" className="small" aria-expanded={open === "decide"} onClick={() => setOpen(open === "decide" ? null : "decide")}>
            {t("web.recognition.decide")}
          </button>
        )}
      </div>
      {open === "assess" && <AssessForm personId={personId} onDone={done} />}
      {open === "decide" && <DecideForm personId={personId} onDone={done} />}
    </div>
  );
}

function AssessForm({ personId, onDone }: { personId: string; onDone: () => void }) {
  const { t, label } = useI18n();
  const [met, setMet] = useState<Record<string, boolean>>({});
  const [why, setWhy] = useState<Record<string, string>>({});
  const [sources, setSources] = useState<Record<string, string>>({});
  const [proposal, setProposal] = useState<string>("recognised");
  const [summary, setSummary] = useState("");
  const { errors, error, clear, fail } = useFormErrors();
  // Only criteria with reasoning are sent: an assessment names what it examined.
  const examined = CRITERIA.filter((c) => (why[c] ?? "").trim() !== "" || met[c]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    try {
      await post(`/api/v1/people/${personId}/recognition`, { criteria: examined.map((c) => ({ criterion: c, met: !!met[c], reasoning: why[c] ?? "", sources: (sources[c] ?? "").split("\n").map((x) => x.trim()).filter(Boolean) })), exclusions: [], proposal, summary });
      onDone();
    } catch (ex) {
      fail(ex);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="edit-form">
      <FormError message={error} />
      {CRITERIA.map((c) => {
        const i = examined.indexOf(c);
        return (
          <fieldset key={c}>
            <legend>
              ({c}) {t(`web.recognition.criterion.${c}` as MessageKey)}
            </legend>
            <label className="check">
              <input type="checkbox" checked={!!met[c]} onChange={(e) => setMet({ ...met, [c]: e.target.checked })} /> {t("web.recognition.met")}
            </label>
            <TextArea label={t("web.recognition.reasoning")} rows={2} value={why[c] ?? ""} onChange={(e) => setWhy({ ...why, [c]: e.target.value })} error={i >= 0 ? errors[`criteria.${i}.reasoning`] : undefined} />
            <TextArea label={t("web.recognition.sources")} rows={2} value={sources[c] ?? ""} onChange={(e) => setSources({ ...sources, [c]: e.target.value })} error={i >= 0 ? errors[`criteria.${i}.sources`] : undefined} />
          </fieldset>
        );
      })}
      <SelectField label={t("web.recognition.proposalLabel")} value={proposal} onChange={(e) => setProposal(e.target.value)} options={OUTCOMES.map((o) => ({ value: o, label: label("web.recognition.status", o) }))} />
      <TextArea label={t("web.recognition.summary")} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} error={errors.summary} />
      <button type="submit" className="primary">
        {t("web.form.save")}
      </button>
    </form>
  );
}

function DecideForm({ personId, onDone }: { personId: string; onDone: () => void }) {
  const { t, label } = useI18n();
  const [outcome, setOutcome] = useState<string>("recognised");
  const [reason, setReason] = useState("");
  const [ack, setAck] = useState(false);
  const { errors, error, clear, fail } = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    try {
      await post(`/api/v1/people/${personId}/recognition/decisions`, { outcome, reason, ...(ack ? { acknowledgeExclusions: true } : {}) });
      onDone();
    } catch (ex) {
      // The four-eyes refusal (the assessment's author may not decide) comes as a message, not a field error.
      fail(ex);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="edit-form">
      <p className="muted small">{t("web.recognition.fourEyes")}</p>
      <FormError message={error} />
      <SelectField label={t("web.recognition.outcome")} value={outcome} onChange={(e) => setOutcome(e.target.value)} options={OUTCOMES.map((o) => ({ value: o, label: label("web.recognition.status", o) }))} />
      <TextArea label={t("web.recognition.reason")} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
      <label className="check">
        <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} /> {t("web.recognition.acknowledge")}
      </label>
      <button type="submit" className="primary">
        {t("web.recognition.decide")}
      </button>
    </form>
  );
}
