import { Card } from "../components/Section.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";

// What waits for me: appeals and people assigned to me, recognition assessments for a second reviewer. Each list
// is shown to the roles that can have something in it (src/services/policy.ts), with its empty state.

interface MyWorkData {
  appeals: { id: string; status: string; heldName: string | null; linkedPersonId: string | null; receivedAt: string }[];
  people: { id: string; primaryName: string; category: string; status: string; assignedAt: string }[];
  reviews: { assessmentId: string; personId: string; personName: string; proposal: string; author: string | null; createdAt: string }[];
}

export function MyWork({ role }: { role: string }) {
  const { t, label, date } = useI18n();
  const r = useApi<MyWorkData>("/api/v1/my-work");
  if (r.error) return <p className="form-error" role="alert">{r.error.message}</p>;
  if (!r.data) return <p role="status">{t("web.loading")}</p>;
  const d = r.data;
  const triages = role === "admin" || role === "coordinator";
  const day = (iso: string) => date(iso.slice(0, 10));
  return (
    <section className="my-work">
      <h1>{t("web.myWork.title")}</h1>
      {(triages || role === "lawyer") && (
        <Card title={t("web.myWork.appeals")} testId="my-appeals">
          {d.appeals.length === 0 ? (
            <p className="muted">{t("web.myWork.noAppeals")}</p>
          ) : (
            <ul className="plain">
              {d.appeals.map((a) => {
                const name = a.heldName || t("web.triage.unnamed");
                // Lawyers have no appeal queue: their appeal opens through the person it is linked to.
                const to = triages ? `/appeals?open=${a.id}` : a.linkedPersonId ? `/people/${a.linkedPersonId}` : null;
                return (
                  <li key={a.id}>
                    {to ? <Link to={to}>{name}</Link> : name} <span className="badge">{label("web.appeals.status", a.status)}</span> <span className="muted small">{t("web.triage.received", { date: day(a.receivedAt) })}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      )}
      {role !== "volunteer" && (
        <Card title={t("web.myWork.people")} testId="my-people">
          {d.people.length === 0 ? (
            <p className="muted">{t("web.myWork.noPeople")}</p>
          ) : (
            <ul className="plain">
              {d.people.map((p) => (
                <li key={p.id}>
                  <Link to={`/people/${p.id}`}>{p.primaryName}</Link> <span className={`status status-${p.status}`}>{label("common.status", p.status)}</span> <span className="muted small">{t("web.myWork.assignedOn", { date: day(p.assignedAt) })}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      {triages && (
        <Card title={t("web.myWork.reviews")} testId="my-reviews">
          {d.reviews.length === 0 ? (
            <p className="muted">{t("web.myWork.noReviews")}</p>
          ) : (
            <ul className="plain">
              {d.reviews.map((w) => (
                <li key={w.assessmentId}>
                  <Link to={`/people/${w.personId}`}>{w.personName}</Link> <span className="muted small">{t("web.myWork.by", { outcome: label("web.recognition.status", w.proposal), name: w.author ?? "—", date: day(w.createdAt) })}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </section>
  );
}
