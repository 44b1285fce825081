import { useState } from "react";
import { ApiSection } from "../components/Section.js";
import { RecognitionActions } from "./RecognitionActions.js";
import { useI18n } from "../i18n.js";
import { auditTypeLabel } from "../../i18n/audit.js";
import { fieldLabel } from "../../i18n/fieldLabels.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";
import type { MessageKey } from "../../i18n/index.js";

// Person-page sections backed by their own APIs (recognition, health, sources, appeals, lists, audit; release
// dates and priority are in PersonExplain.tsx). Each hides itself when its API is absent or forbidden for this role.

export const PERSON_APIS = {
  release: (id: string) => `/api/v1/people/${id}/release-date`,
  recognition: (id: string) => `/api/v1/people/${id}/recognition`,
  priority: (id: string) => `/api/v1/people/${id}/priority`,
  sensitive: (id: string) => `/api/v1/people/${id}/sensitive`,
  sources: (id: string) => `/api/v1/people/${id}/sources`,
  appeals: (id: string) => `/api/v1/people/${id}/appeals`,
  lists: (id: string) => `/api/v1/people/${id}/lists`,
  audit: (id: string) => `/api/v1/people/${id}/audit`,
};

interface RecognitionData {
  // Volunteers get the state only (no assessment, no history): both are optional here.
  current: {
    assessment?: { criteria: { criterion: string; met: boolean; reasoning: string }[]; exclusions: { kind: string; applies: boolean; note: string }[]; proposal: string; summary: string; createdAt: string; authorId: string };
    state: {
      status: string;
      criteriaMet: string[];
      history?: { outcome: string; reason: string; at: string; reviewerId: string }[];
      contradictions?: { criterion: string; exclusion: string; code: string }[];
      reversal?: { reason: string; reviewerId: string };
    };
    users?: Record<string, string>;
  } | null;
  earlier: unknown[];
}

export function RecognitionSection({ id, role }: { id: string; role: string }) {
  const { t, label, date } = useI18n();
  const r = useApi<RecognitionData>(PERSON_APIS.recognition(id));
  return (
    <ApiSection title={t("web.recognition.title")} loaded={r} testId="recognition">
      {(d) => (
        <>
        {!d.current ? (
          <p className="muted">{t("web.recognition.none")}</p>
        ) : (
          <>
            <p>
              <span className={`badge rec-${d.current.state.status}`}>{label("web.recognition.status", d.current.state.status)}</span>{" "}
              {d.current.assessment && <span className="muted small">{t("web.recognition.proposal", { outcome: label("web.recognition.status", d.current.assessment.proposal) })}</span>}
            </p>
            <ul className="criteria">
              {(d.current.assessment?.criteria ?? []).map((c) => (
                <li key={c.criterion}>
                  <strong>
                    ({c.criterion}) {c.met ? "✓" : "✗"}
                  </strong>{" "}
                  <span className="sr-only">{c.met ? t("web.recognition.met") : t("web.recognition.notMet")}</span>
                  {c.reasoning}
                </li>
              ))}
            </ul>
            {(d.current.assessment?.exclusions ?? []).filter((e) => e.applies).length > 0 && (
              <p className="note">{t("web.recognition.exclusions", { list: d.current.assessment!.exclusions.filter((e) => e.applies).map((e) => e.note).join("; ") })}</p>
            )}
            {(d.current.state.contradictions ?? []).map((c) => (
              <p key={c.code} className="note" role="alert">
                {t("web.recognition.contradiction", { criterion: c.criterion, why: t(`web.recognition.contradiction.${c.code}` as MessageKey) })}
              </p>
            ))}
            {d.current.state.reversal && (
              <p className="note" data-testid="recognition-reversal">
                {t("web.recognition.reversal", { who: d.current.users?.[d.current.state.reversal.reviewerId] ?? "", reason: d.current.state.reversal.reason })}
              </p>
            )}
            {(d.current.state.history ?? []).map((h, i) => (
              <p key={i} className="muted small">
                {date(h.at.slice(0, 10))}: {label("web.recognition.status", h.outcome)} — {d.current!.users?.[h.reviewerId] ?? ""} {h.reason}
              </p>
            ))}
          </>
        )}
        <RecognitionActions personId={id} role={role} hasAssessment={!!d.current} onDone={r.reload} />
        </>
      )}
    </ApiSection>
  );
}

/** Generic list sections: the APIs answer `{ items: [...] }` or an array. */
function itemsOf(d: unknown): Record<string, unknown>[] {
  if (Array.isArray(d)) return d as Record<string, unknown>[];
  const items = (d as { items?: unknown })?.items;
  return Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/**
 * Health details are sealed and every read is audited, so they load only when asked for (a button), and only
 * for roles that may read sensitive fields.
 */
export function HealthSection({ id, canReadSensitive }: { id: string; canReadSensitive: boolean }) {
  const { t, label, date } = useI18n();
  const [open, setOpen] = useState(false);
  const r = useApi<{ health: { severity: string; preventsServing: boolean; recordedOn: string | null; details: unknown }[] | null }>(open ? PERSON_APIS.sensitive(id) : null);
  if (!canReadSensitive) return null;
  if (!open)
    return (
      <section className="card" data-testid="health">
        <h2>{t("web.health.title")}</h2>
        <p className="muted small">{t("web.health.audited")}</p>
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t("web.health.show")}
        </button>
      </section>
    );
  return (
    <ApiSection title={t("web.health.title")} loaded={r} testId="health">
      {(d) => {
        const items = d.health ?? [];
        if (!items.length) return <p className="muted">{t("web.health.none")}</p>;
        return (
          <ul className="plain">
            {items.map((h, i) => {
              const details = h.details as { description?: string; condition?: string; icd10?: string[] } | string | null;
              const text = typeof details === "string" ? details : [details?.description ?? details?.condition, details?.icd10?.join(", ")].filter(Boolean).join(" — ");
              return (
                <li key={i}>
                  <span className={`badge sev-${h.severity}`}>{label("web.health.severity", h.severity)}</span> {date(h.recordedOn)} {text}
                  {h.preventsServing && <strong> · {t("web.health.preventsServing")}</strong>}
                </li>
              );
            })}
          </ul>
        );
      }}
    </ApiSection>
  );
}

/** The staff note (an imported sheet's Примечание column) is sealed like health details: loaded on request, the read audited. */
export function StaffNoteSection({ id, canReadSensitive }: { id: string; canReadSensitive: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const r = useApi<{ staffNote: string | null }>(open ? PERSON_APIS.sensitive(id) : null);
  if (!canReadSensitive) return null;
  if (!open)
    return (
      <section className="card" data-testid="staff-note">
        <h2>{t("web.staffNote.title")}</h2>
        <p className="muted small">{t("web.staffNote.audited")}</p>
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t("web.staffNote.show")}
        </button>
      </section>
    );
  return (
    <ApiSection title={t("web.staffNote.title")} loaded={r} testId="staff-note">
      {(d) => (d.staffNote ? <p className="pre-wrap">{d.staffNote}</p> : <p className="muted">{t("web.staffNote.none")}</p>)}
    </ApiSection>
  );
}

export function SourcesSection({ id }: { id: string }) {
  const { t } = useI18n();
  const r = useApi<unknown>(PERSON_APIS.sources(id));
  return (
    <ApiSection title={t("web.sources.title")} loaded={r} testId="sources">
      {(d) => {
        const items = itemsOf(d);
        if (!items.length) return <p className="muted">{t("web.sources.none")}</p>;
        return (
          <ul className="plain">
            {items.map((s, i) => (
              <li key={i}>
                {s.url ? (
                  <a href={str(s.url)} rel="noreferrer noopener" target="_blank">
                    {str(s.title ?? s.url)}
                  </a>
                ) : (
                  str(s.title)
                )}{" "}
                {s.reliability !== undefined && <span className="badge">{t("web.sources.reliability", { grade: str(s.reliability) })}</span>}
              </li>
            ))}
          </ul>
        );
      }}
    </ApiSection>
  );
}

export function AppealsSection({ id }: { id: string }) {
  const { t, label, date } = useI18n();
  const r = useApi<unknown>(PERSON_APIS.appeals(id));
  return (
    <ApiSection title={t("web.appeals.linked")} loaded={r} testId="appeals">
      {(d) => {
        const items = itemsOf(d);
        if (!items.length) return <p className="muted">{t("web.appeals.noneLinked")}</p>;
        return (
          <ul className="plain">
            {items.map((a, i) => (
              <li key={i}>
                <Link to={`/appeals?open=${str(a.id)}`}>{str(a.heldName) || t("web.triage.unnamed")}</Link> <span className="badge">{label("web.appeals.status", str(a.status))}</span> <span className="muted">{t("web.triage.received", { date: date(str(a.receivedAt).slice(0, 10)) })}</span>
              </li>
            ))}
          </ul>
        );
      }}
    </ApiSection>
  );
}

export function ListsSection({ id }: { id: string }) {
  const { t, label } = useI18n();
  const r = useApi<unknown>(PERSON_APIS.lists(id));
  return (
    <ApiSection title={t("web.lists.onLists")} loaded={r} testId="lists">
      {(d) => {
        const items = itemsOf(d);
        if (!items.length) return <p className="muted">{t("web.lists.notOnAny")}</p>;
        return (
          <ul className="plain">
            {items.map((l, i) => {
              const listId = str(l.listId ?? l.id);
              // A counterpart list is the other side's: it opens in the reconciliation view.
              const to = l.kind === "counterpart" ? `/reconciliation?list=${listId}` : `/lists/${listId}`;
              const reasons = Array.isArray(l.reasons) ? (l.reasons as string[]) : [];
              return (
                <li key={i}>
                  <Link to={to}>{str(l.name)}</Link> {l.kind !== undefined && <span className="badge">{label("web.lists.kind", str(l.kind))}</span>} {l.version !== undefined && <span className="muted">{t("web.lists.version", { n: str(l.version) })}</span>}
                  {l.eligible === false && <span className="muted small"> · {t("web.lists.no")}: {reasons.map((x) => label("web.lists.code", x)).join("; ")}</span>}
                </li>
              );
            })}
          </ul>
        );
      }}
    </ApiSection>
  );
}

interface AuditItem {
  seq: number;
  at: string;
  actorLabel: string;
  type: string;
  detail: { changes?: Record<string, { from: unknown; to: unknown }> } & Record<string, unknown>;
}

// Fields whose stored values are enumeration codes, shown by their labels in the audit trail.
const ENUM_LABELS: Record<string, string> = { status: "common.status", category: "common.category", regime: "common.regime", regimeChangedTo: "common.regime", sex: "common.sex", code: "common.code" };

export function AuditSection({ id }: { id: string }) {
  const { t, label, date, locale, dateTime, actorText } = useI18n();
  const valueText = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "string" && ENUM_LABELS[field]) return label(ENUM_LABELS[field], v);
    if (typeof v === "string" && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v) && /On$|Date$|Since$|^from|^to/.test(field)) return date(v);
    if (typeof v === "boolean") return t(v ? "web.lists.yes" : "web.lists.no");
    if (Array.isArray(v)) return v.length ? v.map((x) => valueText(field, x)).join("; ") : "—";
    if (typeof v === "object") {
      // A custody period, an article: its fields by their labels, without the ids.
      return Object.entries(v as Record<string, unknown>)
        .filter(([k, x]) => !/^(id|caseId|personId)$/.test(k) && x !== null && x !== undefined && x !== "")
        .map(([k, x]) => `${fieldLabel(locale, [k])}: ${k === "kind" && typeof x === "string" ? label("web.custody", x) : valueText(k, x)}`)
        .join(", ");
    }
    return typeof v === "string" ? v : String(v);
  };
  const r = useApi<{ items: AuditItem[] }>(PERSON_APIS.audit(id));
  return (
    <ApiSection title={t("web.audit.title")} loaded={r} testId="audit">
      {(d) => (
        <div className="table-wrap">
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">{t("web.audit.when")}</th>
                <th scope="col">{t("web.audit.who")}</th>
                <th scope="col">{t("web.audit.what")}</th>
                <th scope="col">{t("web.audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((e) => (
                <tr key={e.seq}>
                  <td>{dateTime(e.at)}</td>
                  <td>{actorText(e.actorLabel)}</td>
                  <td>{auditTypeLabel(locale, e.type)}</td>
                  <td className="small">
                    {e.detail.changes
                      ? Object.entries(e.detail.changes).map(([k, v]) => (
                          <div key={k}>
                            {fieldLabel(locale, [k])}: {valueText(k, v.from)} → {valueText(k, v.to)}
                          </div>
                        ))
                      : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ApiSection>
  );
}
