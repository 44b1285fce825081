import { useState } from "react";
import type { LegalCode } from "../../domain/vocabulary/enums.js";
import { articleLabel } from "../../i18n/labels.js";
import { ApiError, get } from "../api.js";
import { Card, Facts } from "../components/Section.js";
import { sentenceText } from "../format.js";
import { useI18n } from "../i18n.js";
import type { OfficialDetail } from "../officialTypes.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";
import { LinkToCase } from "./OfficialLink.js";
import { CiteOfficialSource } from "./OfficialSource.js";

// One official: names, posts, the record (cases, people, people sentenced, total years, categories, articles),
// every case and role, a timeline, sources, the dossier, and — for researchers and above — linking to a case.

export function OfficialPage({ id, role }: { id: string; role: string }) {
  const { t, label, date, num, locale, region } = useI18n();
  const res = useApi<OfficialDetail>(`/api/v1/officials/${id}`);
  const o = res.data;
  if (res.error) return <p className="form-error" role="alert">{res.error.message}</p>;
  if (!o) return <p role="status">{t("web.loading")}</p>;
  const staff = ["admin", "coordinator", "researcher"].includes(role);
  const s = o.summary;
  const roleOf = (r: string) => label("web.official.role", r);
  return (
    <article className="official">
      <header className="person-head">
        <div>
          <p className="muted small">
            <Link to="/officials">{t("web.nav.officials")}</Link>
          </p>
          <h1>{o.primaryName}</h1>
          {o.nameLatin && <p lang="en">{o.nameLatin}</p>}
          {o.isDemo && <span className="badge demo">{t("web.official.demo")}</span>}
        </div>
        {staff && (
          <div className="actions">
            <a className="button secondary" href={`/api/v1/officials/${id}/dossier?format=pdf`} download data-testid="dossier-pdf">
              {t("web.official.dossierPdf")}
            </a>
            <a className="button secondary" href={`/api/v1/officials/${id}/dossier?format=xlsx`} download>
              {t("web.official.dossierXlsx")}
            </a>
            <Link to={`/officials/${id}/edit`} className="button">
              {t("web.official.edit")}
            </Link>
          </div>
        )}
      </header>

      <div className="grid">
        <Card title={t("web.official.names")}>
          <ul className="names">
            {o.names.map((n) => (
              <li key={n.name} lang={n.script === "cyrl" ? "ru" : undefined}>
                {n.name}
              </li>
            ))}
          </ul>
          {o.birthDate !== undefined && <Facts items={[[t("web.official.born"), date(o.birthDate ?? null)], [t("web.official.notes"), o.notes ?? null]]} />}
        </Card>
        {s && (
          <Card title={t("web.official.record")} testId="official-record">
            <Facts
              items={[
                [t("web.official.cases"), num(s.cases)],
                [t("web.official.people"), num(s.people)],
                [t("web.official.sentenced"), num(s.peopleSentenced)],
                [t("web.official.totalYears"), num(s.totalYears)],
                [t("web.official.categories"), s.categories.map((c) => `${label("common.category", c.category)} (${num(c.people)})`).join("; ")],
                [t("web.official.articles"), s.articles.map((a) => `${a.article} (${num(a.cases)})`).join("; ")],
              ]}
            />
          </Card>
        )}
      </div>

      {o.positions && (
        <Card title={t("web.official.posts")}>
          {o.positions.length === 0 ? (
            <p className="muted">{t("web.official.noPosts")}</p>
          ) : (
            <ul>
              {o.positions.map((p) => (
                <li key={p.id}>
                  {[p.rank, p.position, p.body?.name, p.region ? region(p.region) : null].filter(Boolean).join(", ")}{" "}
                  <span className="muted">
                    ({date(p.fromDate) || "?"} – {p.toDate ? date(p.toDate) : "…"})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      {o.roles && (
        <Card title={t("web.official.roles")} testId="official-roles">
          {o.roles.length === 0 ? (
            <p className="muted">{t("web.official.noRoles")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("web.official.col.date")}</th>
                    <th scope="col">{t("web.official.col.role")}</th>
                    <th scope="col">{t("web.official.col.person")}</th>
                    <th scope="col">{t("web.official.col.case")}</th>
                    <th scope="col">{t("web.official.articles")}</th>
                    <th scope="col">{t("web.official.col.sentence")}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.roles.map((r) => (
                    <tr key={r.id} data-testid="official-role">
                      <td>{date(r.fromDate ?? r.case.verdictOn ?? r.case.detainedOn)}</td>
                      <td>{roleOf(r.role)}</td>
                      <td>
                        <Link to={`/people/${r.case.person.id}`}>{r.case.person.primaryName}</Link>
                        <div className="small muted">{label("common.category", r.case.person.category)}</div>
                      </td>
                      <td>{[r.case.caseNumber ? `№ ${r.case.caseNumber}` : null, r.case.court].filter(Boolean).join(", ")}</td>
                      <td>{r.case.articles.map((a) => articleLabel(locale, { code: a.code as LegalCode, article: a.article, part: a.part })).join("; ")}</td>
                      <td>{sentenceText(locale, { sentence: r.case.sentence } as Parameters<typeof sentenceText>[1], (x) => label("common.regime", x))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {!!o.hiddenRoles && <p className="small muted">{t("web.official.hiddenRoles", { count: o.hiddenRoles })}</p>}
        </Card>
      )}

      {staff && <LinkToCase officialId={id} onLinked={res.reload} />}

      {s && s.timeline.length > 0 && (
        <Card title={t("web.official.timeline")}>
          <ol className="timeline">
            {s.timeline.map((e, i) => {
              const r = o.roles?.find((x) => x.case.id === e.caseId);
              return (
                <li key={i}>
                  <span className="muted">{date(e.date)}</span> {e.what === "verdict" ? t("web.official.timeline.verdict") : roleOf(e.role)}
                  {r && <> — {r.case.person.primaryName}</>}
                </li>
              );
            })}
          </ol>
        </Card>
      )}

      {o.sources && (
        <Card title={t("web.official.sources")} testId="official-sources">
          {o.sources.length === 0 ? (
            <p className="muted">{t("web.official.noSources")}</p>
          ) : (
            <ul>
              {o.sources.map((src) => (
                <li key={src.id}>
                  <span className="badge">{src.reliability}</span> {src.url ? <a href={src.url}>{src.title}</a> : src.title}
                </li>
              ))}
            </ul>
          )}
          {staff && <CiteOfficialSource officialId={id} onCited={res.reload} />}
        </Card>
      )}

      {o.hasPrivateDetails && o.canReadSensitive && <PrivateDetails id={id} />}
    </article>
  );
}

function PrivateDetails({ id }: { id: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<{ homeAddress?: string | null; relatives?: string | null; phone?: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    try {
      setData(await get(`/api/v1/officials/${id}/private`));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Card title={t("web.official.private")}>
      <p className="small muted">{t("web.official.privateHint")}</p>
      {error && <p className="form-error">{error}</p>}
      {data ? (
        <Facts
          items={[
            [t("web.official.field.homeAddress"), data.homeAddress ?? null],
            [t("web.official.field.relatives"), data.relatives ?? null],
            [t("web.official.field.phone"), data.phone ?? null],
          ]}
        />
      ) : (
        <button type="button" onClick={() => void open()}>
          {t("web.official.showPrivate")}
        </button>
      )}
    </Card>
  );
}


