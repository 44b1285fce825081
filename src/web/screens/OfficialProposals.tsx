import { useState } from "react";
import { ApiError, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";

// The review of links proposed from cases' free-text judges and prosecutors: nothing is linked until accepted.

interface Proposal {
  id: string;
  caseId: string;
  field: string;
  text: string;
  suggestedName: string;
  role: string;
  score: number | null;
  official: { id: string; primaryName: string | null } | null;
  person: { id: string; primaryName: string };
  court: string | null;
  caseNumber: string | null;
}

export function OfficialProposals() {
  const { t, label, num } = useI18n();
  const res = useApi<{ items: Proposal[] }>("/api/v1/officials/link-proposals");
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      res.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const run = () =>
    act(async () => {
      const r = await post<{ proposed: number; toExisting: number; toNew: number }>("/api/v1/officials/link-proposals/run");
      setNote(t("web.proposals.ran", { proposed: num(r.proposed), toExisting: num(r.toExisting), toNew: num(r.toNew) }));
    });
  const decide = (id: string, decision: "accept" | "reject") => act(async () => void (await post(`/api/v1/officials/link-proposals/${id}/decision`, { decision })));
  return (
    <section>
      <p className="muted small">
        <Link to="/officials">{t("web.nav.officials")}</Link>
      </p>
      <div className="heading-row">
        <h1>{t("web.proposals.title")}</h1>
        <button type="button" onClick={() => void run()} disabled={busy}>
          {t("web.proposals.run")}
        </button>
      </div>
      <p className="muted">{t("web.proposals.intro")}</p>
      {note && <p role="status">{note}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {res.error && <p className="form-error">{res.error.message}</p>}
      {res.data && res.data.items.length === 0 && <p>{t("web.proposals.none")}</p>}
      {res.data && res.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("web.proposals.text")}</th>
                <th scope="col">{t("web.official.col.role")}</th>
                <th scope="col">{t("web.official.col.person")}</th>
                <th scope="col">{t("web.proposals.official")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((p) => (
                <tr key={p.id} data-testid="proposal">
                  <td lang="ru">{p.text}</td>
                  <td>{label("web.official.role", p.role)}</td>
                  <td>
                    <Link to={`/people/${p.person.id}`}>{p.person.primaryName}</Link>
                    <div className="small muted">{[p.caseNumber ? `№ ${p.caseNumber}` : null, p.court].filter(Boolean).join(", ")}</div>
                  </td>
                  <td>
                    {p.official ? <Link to={`/officials/${p.official.id}`}>{p.official.primaryName}</Link> : t("web.proposals.newRecord", { name: p.suggestedName })}
                    {p.score !== null && <div className="small muted">{t("web.proposals.score", { score: num(p.score) })}</div>}
                  </td>
                  <td className="actions">
                    <button type="button" className="small" disabled={busy} onClick={() => void decide(p.id, "accept")}>
                      {t("web.proposals.accept")}
                    </button>
                    <button type="button" className="small secondary" disabled={busy} onClick={() => void decide(p.id, "reject")}>
                      {t("web.proposals.reject")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
