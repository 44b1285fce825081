import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";

// Everyone involved in one case (investigators, prosecutors, judges, experts), under the case on a person's page.
// Hidden for roles that may not read cases (the API answers 403) and while nobody is linked and the role cannot link.

interface Involved {
  roleId: string;
  role: string;
  fromDate: string | null;
  official: { id: string; primaryName: string; nameLatin: string | null; isDemo: boolean };
}

export function CaseOfficials({ caseId }: { caseId: string }) {
  const { t, label, date } = useI18n();
  const res = useApi<{ items: Involved[] }>(`/api/v1/cases/${caseId}/officials`);
  if (res.unavailable || !res.data) return null;
  return (
    <div className="case-officials" data-testid="case-officials">
      <h4>{t("web.caseOfficials.title")}</h4>
      {res.data.items.length === 0 ? (
        <p className="muted small">{t("web.caseOfficials.none")}</p>
      ) : (
        <ul>
          {res.data.items.map((i) => (
            <li key={i.roleId}>
              {label("web.official.role", i.role)}: <Link to={`/officials/${i.official.id}`}>{i.official.primaryName}</Link>
              {i.fromDate && <span className="muted small"> ({date(i.fromDate)})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Officials matching the people search's text, above the people it finds ("search across people and officials"). */
export function OfficialsInSearch({ q }: { q: string }) {
  const { t } = useI18n();
  const res = useApi<{ items: { id: string; primaryName: string; nameLatin: string | null }[]; total: number }>(q.length >= 2 ? `/api/v1/officials?q=${encodeURIComponent(q)}&limit=5` : null);
  if (!res.data || res.data.items.length === 0) return null;
  return (
    <aside className="card" aria-labelledby="search-officials" data-testid="search-officials">
      <h2 id="search-officials">{t("web.search.officials")}</h2>
      <ul>
        {res.data.items.map((o) => (
          <li key={o.id}>
            <Link to={`/officials/${o.id}`}>{o.primaryName}</Link>
            {o.nameLatin && <span className="muted"> · {o.nameLatin}</span>}
          </li>
        ))}
      </ul>
      {res.data.total > res.data.items.length && <Link to="/officials">{t("web.search.officialsAll")}</Link>}
    </aside>
  );
}
