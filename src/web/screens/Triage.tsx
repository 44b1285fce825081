import { useEffect, useState, type FormEvent } from "react";
import { isLocale, localeNames } from "../../i18n/index.js";
import { ApiError, patch, post, qs } from "../api.js";
import { FormError, SelectField, TextArea, TextField } from "../components/Field.js";
import { Facts } from "../components/Section.js";
import { categories } from "../enums.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import { matchLineText } from "../../i18n/explainMatch.js";
import { Link, navigate, useLocation } from "../router.js";
import type { Page } from "../types.js";
import { useApi } from "../useApi.js";
import { letterText } from "../../domain/appeals/letter.js";
import { LetterPeople, MarkedLetter, type LetterFactsData } from "./LetterFacts.js";
import type { MessageKey } from "../../i18n/index.js";

// Appeals triage: the queue on the left, the chosen appeal on the right with the matcher's suggestions and
// one-click actions (this is the person / same appeal / new person / ask for more / close).

interface Suggestions {
  people: { personId: string; primaryName: string; birthDate: string | null; status: string; score: number; verdict: string; explanation: string[] }[];
  duplicates: { appealId: string; status: string; heldName: string | null; receivedAt: string; score: number; verdict: string; explanation: string[] }[];
}

interface AppealSummary {
  id: string;
  status: string;
  language: string;
  channel: string;
  heldName: string | null;
  heldBirthDate: string | null;
  heldWhere: string | null;
  heldArticle: string | null;
  heldSince: string | null;
  requests: string[];
  linkedPersonId: string | null;
  receivedAt: string;
  suggestions?: Suggestions | null;
}

interface AppealDetail extends AppealSummary {
  canReadSensitive: boolean;
  contact: { method: string; value: string; safetyNote?: string | null; name?: string | null } | null;
  text: { subject?: string | null; body: string } | null;
  facts: LetterFactsData | null;
  /** How a message can go back to the family (the channel the appeal came in), or null. */
  replyVia: "email" | "telegram" | null;
  history: { kind: string; fromStatus: string | null; toStatus: string | null; actor: string; at: string; note: string | null }[];
}

const OPEN = "received,in_review,needs_info";
const CLOSE_REASONS = ["resolved", "duplicate", "out_of_scope", "spam", "no_contact", "released", "other"] as const;

export function Triage() {
  const { t, label, date } = useI18n();
  const loc = useLocation();
  const selected = loc.query.get("open");
  const status = loc.query.get("status") ?? OPEN;
  const queue = useApi<Page<AppealSummary>>(`/api/v1/appeals${qs({ status, limit: 100 })}`);
  if (queue.unavailable) return <p role="alert">{t("web.notAllowed")}</p>;
  const select = (id: string) => navigate(`/appeals${qs({ status: status === OPEN ? undefined : status, open: id })}`, true);
  return (
    <section>
      <h1>{t("web.triage.title")}</h1>
      <label className="inline-filter">
        {t("web.triage.statusFilter")}{" "}
        <select value={status} onChange={(e) => navigate(`/appeals${qs({ status: e.target.value === OPEN ? undefined : e.target.value })}`, true)}>
          <option value={OPEN}>{t("web.triage.open")}</option>
          {["added_to_registry", "legal_help_assigned", "merged", "closed"].map((s) => (
            <option key={s} value={s}>
              {label("web.appeals.status", s)}
            </option>
          ))}
        </select>
      </label>
      <div className="queue">
        <div>
          <h2 className="sr-only">{t("web.triage.queue")}</h2>
          {queue.data && queue.data.items.length === 0 && <p className="muted">{t("web.triage.empty")}</p>}
          <ul className="queue-list" aria-label={t("web.triage.queue")}>
            {queue.data?.items.map((a) => {
              const best = a.suggestions?.people[0];
              return (
                <li key={a.id}>
                  <button type="button" aria-pressed={a.id === selected} onClick={() => select(a.id)}>
                    <strong>{a.heldName ?? t("web.triage.unnamed")}</strong>
                    <br />
                    <span className="muted small">
                      {t("web.triage.received", { date: date(a.receivedAt.slice(0, 10)) })} · {isLocale(a.language) ? localeNames[a.language] : a.language}{" "}
                    </span>
                    <span className="badge">{label("web.appeals.status", a.status)}</span>
                    {best && <span className={`badge ${best.verdict}`}>{t(`web.search.verdict.${best.verdict === "match" ? "match" : "possible"}` as MessageKey)}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
        <div>{selected ? <AppealPanel key={selected} id={selected} onChanged={queue.reload} /> : <p className="muted">{t("web.triage.choose")}</p>}</div>
      </div>
    </section>
  );
}

function AppealPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, label, date, num, locale, dateTime, actorText } = useI18n();
  const detail = useApi<AppealDetail>(`/api/v1/appeals/${id}`);
  const sugg = useApi<Suggestions | null>(`/api/v1/appeals/${id}/suggestions`);
  const lawyers = useApi<{ items: { id: string; displayName: string }[] }>("/api/v1/appeals/lawyers");
  const [lawyerId, setLawyerId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [category, setCategory] = useState<string>("ua_civilian_hostage");
  const [reason, setReason] = useState<string>("resolved");
  const [note, setNote] = useState("");

  useEffect(() => {
    if (!done) return;
    const h = setTimeout(() => setDone(null), 4000);
    return () => clearTimeout(h);
  }, [done]);

  if (detail.error) return <p className="form-error">{detail.error.message}</p>;
  const a = detail.data;
  if (!a) return <p role="status">{t("web.loading")}</p>;

  const act = async (path: string, body: unknown = {}) => {
    setError(null);
    try {
      await post(`/api/v1/appeals/${id}/${path}`, body);
      setDone(t("web.triage.done"));
      detail.reload();
      sugg.reload();
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError && e.issues.length ? e.issues.map((i) => `${i.path}: ${i.message}`).join("; ") : e instanceof Error ? e.message : String(e));
    }
  };
  const closed = a.status === "closed" || a.status === "merged";

  return (
    <article className="card" aria-labelledby="appeal-title">
      <div className="heading-row">
        <h2 id="appeal-title">{a.heldName ?? t("web.triage.unnamed")}</h2>
        <span className="badge">{label("web.appeals.status", a.status)}</span>
      </div>
      <Facts
        items={[
          [t("web.field.birth"), a.heldBirthDate],
          [t("web.triage.heldWhere"), a.heldWhere],
          [t("web.field.article"), a.heldArticle],
          [t("web.triage.heldSince"), a.heldSince],
          [t("web.triage.requests"), a.requests.map((r) => label("web.triage.request", r)).join(", ")],
          [t("web.triage.receivedOn"), date(a.receivedAt.slice(0, 10))],
          [t("web.triage.linkedTo"), a.linkedPersonId ? <Link to={`/people/${a.linkedPersonId}`}>{t("web.nav.people")} →</Link> : null],
        ]}
      />
      {!closed && <AboutEditor appeal={a} onSaved={() => {
        detail.reload();
        sugg.reload();
        onChanged();
      }} />}
      {a.canReadSensitive ? (
        <>
          {a.text && (
            <>
              {a.facts && !closed && (
                <LetterPeople
                  appealId={a.id}
                  facts={a.facts}
                  current={a.heldName}
                  onUsed={() => {
                    detail.reload();
                    sugg.reload();
                    onChanged();
                  }}
                />
              )}
              <h3>{t("web.triage.text")}</h3>
              <MarkedLetter text={letterText(a.text)} facts={a.facts} />
            </>
          )}
          {a.contact && (
            <p>
              <strong>{t("web.triage.contact")}:</strong> {label("appeal.contact", a.contact.method)} {a.contact.value} {a.contact.safetyNote && <span className="note">{a.contact.safetyNote}</span>}
            </p>
          )}
        </>
      ) : (
        <p className="muted small">{t("web.triage.sensitiveHidden")}</p>
      )}
      <FormError message={error} />
      {done && (
        <p className="toast" role="status">
          {done}
        </p>
      )}

      <h3>{t("web.triage.suggestions")}</h3>
      {sugg.data && sugg.data.people.length === 0 && <p className="muted">{t("web.triage.noSuggestions")}</p>}
      {sugg.data?.people.map((p) => (
        <div key={p.personId} className="suggestion" data-testid="suggestion">
          <div className="heading-row">
            <span>
              <Link to={`/people/${p.personId}`}>{p.primaryName}</Link> {p.birthDate && <span className="muted">· {date(p.birthDate)}</span>} <span className={`badge ${p.verdict}`}>{t("web.triage.score", { score: num(Math.round(p.score * 100) / 100) })}</span>
            </span>
            {!closed && a.linkedPersonId !== p.personId && (
              <button type="button" className="primary small" onClick={() => act("link", { personId: p.personId })}>
                {t("web.triage.link")}
              </button>
            )}
          </div>
          <ul className="why">
            {p.explanation.map((x, i) => (
              <li key={i}>{matchLineText(locale, x)}</li>
            ))}
          </ul>
        </div>
      ))}
      {sugg.data && sugg.data.duplicates.length > 0 && <h3>{t("web.triage.duplicates")}</h3>}
      {sugg.data?.duplicates.map((d) => (
        <div key={d.appealId} className="suggestion">
          <div className="heading-row">
            <span>
              {d.heldName ?? t("web.triage.unnamed")} <span className="muted">· {date(d.receivedAt.slice(0, 10))}</span> <span className="badge">{label("web.appeals.status", d.status)}</span>
            </span>
            {!closed && (
              <button type="button" className="small" onClick={() => act("merge", { intoId: d.appealId })}>
                {t("web.triage.merge")}
              </button>
            )}
          </div>
        </div>
      ))}

      {!closed && (
        <div className="triage-actions">
          {a.status === "received" && (
            <button type="button" onClick={() => act("review")}>
              {t("web.triage.startReview")}
            </button>
          )}
          {!a.linkedPersonId && (
            <div className="row-fields">
              <SelectField label={t("web.field.category")} value={category} onChange={(e) => setCategory(e.target.value)} options={categories.map((c) => ({ value: c, label: label("common.category", c) }))} />
              <button type="button" onClick={() => act("create-person", { category })}>
                {t("web.triage.createPerson")}
              </button>
            </div>
          )}
          <TextArea label={t("web.triage.note")} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="actions">
            <button type="button" onClick={() => act("request-info", note ? { note } : {})}>
              {t("web.triage.requestInfo")}
            </button>
          </div>
          {a.replyVia && (
            <div className="actions" role="group" aria-label={t("web.triage.replyVia", { channel: label("web.triage.replyChannel", a.replyVia) })}>
              <span className="muted small">{t("web.triage.replyVia", { channel: label("web.triage.replyChannel", a.replyVia) })}</span>
              <button type="button" onClick={() => act("reply", note ? { template: "needs_info", note } : { template: "needs_info" })}>
                {t("web.triage.replyNeedsInfo")}
              </button>
              <button type="button" onClick={() => act("reply", note ? { template: "status", note } : { template: "status" })}>
                {t("web.triage.replyStatus")}
              </button>
            </div>
          )}
          {lawyers.data && lawyers.data.items.length > 0 ? (
            <div className="row-fields">
              <SelectField
                label={t("web.triage.lawyer")}
                value={lawyerId || lawyers.data.items[0]!.id}
                onChange={(e) => setLawyerId(e.target.value)}
                options={lawyers.data.items.map((l) => ({ value: l.id, label: l.displayName }))}
              />
              <button type="button" onClick={() => act("assign", { userId: lawyerId || lawyers.data!.items[0]!.id })}>
                {t("web.triage.assignLawyer")}
              </button>
            </div>
          ) : (
            lawyers.data && <p className="muted small">{t("web.triage.noLawyers")}</p>
          )}
          <div className="row-fields">
            <SelectField label={t("web.triage.closeReason")} value={reason} onChange={(e) => setReason(e.target.value)} options={CLOSE_REASONS.map((r) => ({ value: r, label: label("web.triage.closeReason", r) }))} />
            <button type="button" className="danger" onClick={() => act("close", note ? { reason, note } : { reason })}>
              {t("web.triage.close")}
            </button>
          </div>
        </div>
      )}

      {a.history.length > 0 && (
        <>
          <h3>{t("web.triage.history")}</h3>
          <ol className="timeline small">
            {a.history.map((h, i) => (
              <li key={i}>
                {dateTime(h.at)} · {actorText(h.actor)} · {h.kind === "replied" ? t("web.triage.replied") : h.toStatus ? label("web.appeals.status", h.toStatus) : h.kind}
                {h.note && <span className="muted"> — {h.note}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}

/**
 * E-mailed appeals arrive without structured fields: staff fill in who the appeal is about, and the matcher's
 * suggestions are computed again from it.
 */
function AboutEditor({ appeal, onSaved }: { appeal: AppealDetail; onSaved: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(!appeal.heldName);
  const [v, setV] = useState({ heldName: appeal.heldName ?? "", heldBirthDate: appeal.heldBirthDate ?? "", heldWhere: appeal.heldWhere ?? "", heldArticle: appeal.heldArticle ?? "", heldSince: appeal.heldSince ?? "" });
  const { errors, error, clear, fail } = useFormErrors();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    try {
      const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.trim() === "" ? null : x.trim()]));
      await patch(`/api/v1/appeals/${appeal.id}`, body);
      setOpen(false);
      onSaved();
    } catch (ex) {
      fail(ex);
    }
  };
  if (!open)
    return (
      <button type="button" className="small secondary about-toggle" onClick={() => setOpen(true)}>
        {t("web.triage.editAbout")}
      </button>
    );
  const field = (k: keyof typeof v, label: string) => <TextField label={label} value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })} error={errors[k]} />;
  return (
    <form onSubmit={save} noValidate className="about-editor">
      <h3>{t("web.triage.about")}</h3>
      <FormError message={error} />
      <div className="cols">
        {field("heldName", t("web.field.name"))}
        {field("heldBirthDate", t("web.field.birth"))}
        {field("heldWhere", t("web.triage.heldWhere"))}
        {field("heldArticle", t("web.field.article"))}
        {field("heldSince", t("web.triage.heldSince"))}
      </div>
      <button type="submit" className="primary small">
        {t("web.form.save")}
      </button>
    </form>
  );
}
