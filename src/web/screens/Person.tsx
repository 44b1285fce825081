import { useEffect } from "react";
import { articleLabel } from "../../i18n/labels.js";
import type { LegalCode } from "../../domain/vocabulary/enums.js";
import type { Me } from "../App.js";
import { Card, Facts } from "../components/Section.js";
import { sentenceText } from "../format.js";
import { useI18n } from "../i18n.js";
import { Link, navigate } from "../router.js";
import type { PersonDetail } from "../types.js";
import { useApi } from "../useApi.js";
import { CaseOfficials } from "./CaseOfficials.js";
import { PrioritySection, ReleaseSection } from "./PersonExplain.js";
import { AppealsSection, AuditSection, HealthSection, ListsSection, RecognitionSection, SourcesSection, StaffNoteSection } from "./PersonSections.js";

// One person: everything the organisation knows, each part from its own API and shown only when this role may see it.
export function PersonPage({ id, me }: { id: string; me: Me }) {
  const { t, label, date, locale, region } = useI18n();
  const res = useApi<PersonDetail>(`/api/v1/people/${id}`);
  const p = res.data;
  // A merged-away id: the API answered with the survivor (308), so the address becomes the survivor's too.
  useEffect(() => {
    if (p && p.id !== id) navigate(`/people/${p.id}`, true);
  }, [p, id]);
  if (res.error) return <p className="form-error" role="alert">{res.unavailable ? t("web.person.notFound") : res.error.message}</p>;
  if (!p) return <p role="status">{t("web.loading")}</p>;
  const canEdit = me.role !== "volunteer";
  return (
    <article className="person">
      <header className="person-head">
        <div>
          <p className="muted small">
            <Link to="/people">{t("web.nav.people")}</Link> / {p.externalId ?? p.id.slice(0, 8)}
          </p>
          <h1>{p.primaryName}</h1>
          <p>
            <span className="badge">{label("common.category", p.category)}</span> <span className={`status status-${p.status}`}>{label("common.status", p.status)}</span>
            {p.statusSince && <span className="muted"> {t("web.person.since", { date: date(p.statusSince) })}</span>}
            {p.isDemo && <span className="badge demo">{t("web.person.demo")}</span>}
          </p>
        </div>
        <div className="actions">
          {/* The public site's page (outside /app, server-rendered): only with publicity consent. */}
          {p.publicityConsent && p.publicityConsent !== "none" && (
            <a href={`/people/${id}`} className="button secondary">
              {t("web.person.publicProfile")}
            </a>
          )}
          {canEdit && (
            <Link to={`/people/${id}/records`} className="button secondary">
              {t("web.records.open")}
            </Link>
          )}
          {canEdit && (
            <Link to={`/people/${id}/edit`} className="button">
              {t("web.person.edit")}
            </Link>
          )}
        </div>
      </header>

      <div className="grid">
        <Card title={t("web.person.names")} testId="names">
          <ul className="names">
            {(p.names ?? []).map((n) => (
              <li key={n.name} lang={n.script === "cyrl" ? "ru" : undefined}>
                {n.name} <span className="muted small">{t(`web.script.${n.script}` as Parameters<typeof t>[0])}</span>
                {n.isPrimary && <span className="badge">{t("web.person.primary")}</span>}
              </li>
            ))}
          </ul>
        </Card>

        <Card title={t("web.person.details")}>
          <Facts
            items={[
              [t("web.field.birth"), date(p.birthDate)],
              [t("web.field.sex"), label("common.sex", p.sex)],
              [t("web.field.citizenship"), p.citizenship],
              [t("web.field.region"), p.homeRegion ? region(p.homeRegion) : null],
              [t("web.field.facility"), p.facilityDetail ? `${p.facilityDetail.name}${p.facilityDetail.region ? ` (${p.facilityDetail.region})` : ""}` : null],
              [t("web.field.postalAddress"), p.facilityDetail?.postalAddress],
              [t("web.field.sentenceText"), p.sentenceText],
              [t("web.field.externalId"), p.externalId],
            ]}
          />
        </Card>

        {p.publicityConsent !== undefined && (
          <Card title={t("web.person.consent")} testId="consent">
            <Facts
              items={[
                [t("web.field.publicityConsent"), t(`web.consent.publicity.${p.publicityConsent}` as Parameters<typeof t>[0])],
                [t("web.field.exchangeConsent"), t(`web.consent.exchange.${p.exchangeConsent}` as Parameters<typeof t>[0])],
                [t("web.field.publicSummary"), p.publicSummary],
              ]}
            />
          </Card>
        )}
      </div>

      {/* Volunteers get the public and letter-writing fields only: no cases, no timeline (src/http/presenters/person.ts). */}
      {p.cases !== undefined && (
        <Card
          title={t("web.person.cases")}
          testId="cases"
          actions={
            canEdit ? (
              <Link to={`/people/${id}/cases/new`} className="button small">
                {t("web.case.add")}
              </Link>
            ) : undefined
          }
        >
          {p.cases.length === 0 && <p className="muted">{t("web.person.noCases")}</p>}
          {p.cases.map((c, i) => (
            <div className="case" key={c.id} data-testid="case">
              <div className="heading-row">
                <h3>{c.caseNumber ? t("web.case.numbered", { number: c.caseNumber }) : t("web.case.nth", { n: i + 1 })}</h3>
                {canEdit && (
                  <Link to={`/people/${id}/cases/${c.id}`} className="button small">
                    {t("web.case.edit")}
                  </Link>
                )}
              </div>
              <Facts
                items={[
                  [t("web.case.articles"), c.articles.map((a) => articleLabel(locale, { code: a.code as LegalCode, article: a.article, part: a.part })).join("; ")],
                  [t("web.case.sentence"), sentenceText(locale, c, (r) => label("common.regime", r))],
                  [t("web.case.court"), c.court],
                  [t("web.case.judge"), c.judge],
                  [t("web.case.detainedOn"), date(c.detainedOn)],
                  [t("web.case.verdictOn"), date(c.verdictOn)],
                  [t("web.case.appealOn"), date(c.appealOn)],
                  [t("web.case.custody"), c.custodyPeriods.map((cp) => `${label("web.custody", cp.kind)}: ${date(cp.fromDate)} – ${cp.toDate ? date(cp.toDate) : t("web.case.ongoing")}`).join("; ")],
                  [t("web.case.summary"), c.summary],
                ]}
              />
              <CaseOfficials caseId={c.id} />
            </div>
          ))}
        </Card>
      )}

      <ReleaseSection id={id} />

      {p.timeline !== undefined && (
        <Card title={t("web.person.timeline")} testId="timeline">
          <ol className="timeline">
            {p.timeline.map((e, i) => (
              <li key={i}>
                <span className={`status status-${e.status}`}>{label("common.status", e.status)}</span> <span className="muted">{e.occurredOn ? date(e.occurredOn) : t("web.person.dateUnknown")}</span>
                {e.note && <span className="muted small"> — {e.note === "initial status" ? t("web.timeline.initialStatus") : e.note}</span>}
              </li>
            ))}
          </ol>
        </Card>
      )}

      <div className="grid">
        <RecognitionSection id={id} role={me.role} />
        <PrioritySection id={id} />
      </div>
      <HealthSection id={id} canReadSensitive={p.canReadSensitive} />
      <StaffNoteSection id={id} canReadSensitive={p.canReadSensitive} />
      <SourcesSection id={id} />
      <AppealsSection id={id} />
      <ListsSection id={id} />
      {me.role === "admin" && <AuditSection id={id} />}
    </article>
  );
}
