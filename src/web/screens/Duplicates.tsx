import { useState } from "react";
import { ApiError, post } from "../api.js";
import { FormError } from "../components/Field.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";

interface Pair {
  a: { id: string; name: string };
  b: { id: string; name: string };
  score: number;
  verdict: string;
  explanation: string[];
}

// The registry's probable duplicates (GET /api/v1/duplicates), best first: merge them or say they are two people.
export function Duplicates() {
  const { t } = useI18n();
  const pairs = useApi<{ items: Pair[] }>("/api/v1/duplicates");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (pairs.unavailable) return <p role="alert">{t("web.notAllowed")}</p>;
  const distinct = async (p: Pair) => {
    setError(null);
    try {
      await post(`/api/v1/people/${p.a.id}/distinct`, { otherId: p.b.id });
      setDone(t("web.dup.distinctDone"));
      pairs.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex.message : String(ex));
    }
  };
  return (
    <section>
      <h1>{t("web.dup.title")}</h1>
      <p className="muted">{t("web.dup.intro")}</p>
      <FormError message={error} />
      {done && <p role="status">{done}</p>}
      {!pairs.data && <p role="status">{t("web.loading")}</p>}
      {pairs.data && pairs.data.items.length === 0 && <p>{t("web.dup.empty")}</p>}
      <ol className="plain duplicates">
        {pairs.data?.items.map((p) => (
          <li key={`${p.a.id}|${p.b.id}`} className="card">
            <p>
              <Link to={`/people/${p.a.id}`}>{p.a.name}</Link> — <Link to={`/people/${p.b.id}`}>{p.b.name}</Link>{" "}
              <span className="badge">{t("web.dup.score", { score: p.score.toFixed(2) })}</span>
            </p>
            <ul className="explanation">
              {p.explanation.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
            <div className="actions">
              <Link to={`/merge?survivor=${p.a.id}&merged=${p.b.id}`} className="button primary">
                {t("web.dup.merge")}
              </Link>
              <button type="button" className="secondary" onClick={() => void distinct(p)}>
                {t("web.dup.distinct")}
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
