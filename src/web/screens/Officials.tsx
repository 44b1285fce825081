import { useEffect, useState } from "react";
import { api, qs } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import type { OfficialSummary } from "../officialTypes.js";
import type { Page } from "../types.js";
import { useApi } from "../useApi.js";

// The officials behind the cases: search by any spelling, exports for sanctions teams, the link review and the
// public page switch (each shown only to roles that may use it; the API refuses the others anyway).

export function Officials({ role }: { role: string }) {
  const { t, num } = useI18n();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const id = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(id);
  }, [text]);
  const res = useApi<Page<OfficialSummary>>(`/api/v1/officials${qs({ q: q || undefined, limit: 200 })}`);
  const staff = ["admin", "coordinator", "researcher"].includes(role);
  return (
    <section>
      <div className="heading-row">
        <h1>{t("web.officials.title")}</h1>
        {staff && (
          <span className="actions">
            <Link to="/officials/proposals" className="button secondary">
              {t("web.officials.review")}
            </Link>
            <Link to="/officials/new" className="button">
              {t("web.officials.new")}
            </Link>
          </span>
        )}
      </div>
      <p className="muted">{t("web.officials.intro")}</p>
      <form className="search-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field search-box">
          <label htmlFor="official-q">{t("web.officials.search")}</label>
          <input id="official-q" type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
      </form>
      {res.error && <p className="form-error">{res.error.message}</p>}
      {res.data && (
        <>
          <p className="muted" role="status">
            {t("web.officials.count", { count: res.data.total })}
          </p>
          {res.data.items.length === 0 ? (
            <p>{t("web.officials.none")}</p>
          ) : (
            <ul className="plain-list" data-testid="officials">
              {res.data.items.map((o) => (
                <li key={o.id}>
                  <Link to={`/officials/${o.id}`}>{o.primaryName}</Link>
                  {o.nameLatin && <span className="muted"> · {o.nameLatin}</span>}
                  {o.isDemo && <span className="badge demo">{t("web.official.demo")}</span>}
                  {o.positions && o.positions.length > 0 && <div className="small muted">{o.positions.map((p) => [p.position, p.body?.name].filter(Boolean).join(", ")).join("; ")}</div>}
                </li>
              ))}
            </ul>
          )}
          {res.data.total > res.data.items.length && <p className="muted small">{num(res.data.items.length)} / {num(res.data.total)}</p>}
        </>
      )}
      {staff && (
        <section className="card" aria-labelledby="officials-export">
          <h2 id="officials-export">{t("web.officials.export")}</h2>
          <p className="small muted">{t("web.officials.exportNote")}</p>
          <p className="actions">
            <a className="button secondary" href="/api/v1/officials/export?format=ftm" download>
              {t("web.officials.exportFtm")}
            </a>
            <a className="button secondary" href="/api/v1/officials/export?format=csv" download>
              {t("web.officials.exportCsv")}
            </a>
            <a className="button secondary" href="/api/v1/officials/export?format=xlsx" download>
              {t("web.officials.exportXlsx")}
            </a>
          </p>
        </section>
      )}
      {(role === "admin" || role === "coordinator") && <PublicPageSwitch />}
    </section>
  );
}

function PublicPageSwitch() {
  const { t } = useI18n();
  const res = useApi<{ publicPage: boolean }>("/api/v1/officials/settings");
  const [busy, setBusy] = useState(false);
  if (!res.data) return null;
  const on = res.data.publicPage;
  const toggle = async () => {
    setBusy(true);
    try {
      await api("PUT", "/api/v1/officials/settings", { publicPage: !on });
      res.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="officials-public">
      <h2 id="officials-public">{t("web.officials.publicPage")}</h2>
      <p>{on ? t("web.officials.publicOn") : t("web.officials.publicOff")}</p>
      <button type="button" disabled={busy} onClick={() => void toggle()}>
        {on ? t("web.officials.turnOff") : t("web.officials.turnOn")}
      </button>
      {on && (
        <p className="small">
          <a href="/officials">/officials</a>
        </p>
      )}
    </section>
  );
}
