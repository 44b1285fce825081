import type { ExplainedLine } from "../../domain/release/explain.js";
import { renderLine } from "../../i18n/explain.js";
import type { MessageKey } from "../../i18n/index.js";
import { ApiSection, Facts } from "../components/Section.js";
import { useI18n } from "../i18n.js";
import { useApi } from "../useApi.js";
import { PERSON_APIS } from "./PersonSections.js";

// The two explained sections of a person page: the release-date working and the priority breakdown. The API
// sends each line as a message code with parameters beside its English text; the line is shown in the chosen
// language, or in English when this build does not know the code (renderLine's fallback).

/** A line as the API sends it; older answers carry only the English text. */
type Line = Partial<ExplainedLine> & { text: string };
const linesOf = (texts: string[], lines: ExplainedLine[] | undefined): Line[] => lines ?? texts.map((text) => ({ text }));

interface ComputedResult {
  releaseDate: string;
  lastDay: string;
  termLastDay: string;
  creditDays: number;
  remainingDays?: number;
  parole: { eligibleFrom: string; afterRelease: boolean } | null;
  working: string[];
  warnings: string[];
  workingLines?: ExplainedLine[];
  warningLines?: ExplainedLine[];
  calendarEstimated: boolean;
  /** The court decisions the working followed, first instance first (older servers send none). */
  chain?: { date: string; stage: string; applied: boolean; line: ExplainedLine }[];
  releasedEarly?: { date: string; stage: string } | null;
}

type CaseNotes = { notes: string[]; noteLines?: ExplainedLine[] };

interface ReleaseDates {
  asOf: string;
  current: { caseId: string; releaseDate: string; lastDay: string; paroleEligibleFrom: string | null } | null;
  cases: (
    | ({ caseId: string; status: "computed"; result: ComputedResult } & CaseNotes)
    | ({ caseId: string; status: "incomplete"; missing: string[] } & CaseNotes)
    | ({ caseId: string; status: "invalid"; message: string } & CaseNotes)
  )[];
}

export function ReleaseSection({ id }: { id: string }) {
  const { t, date, num, locale } = useI18n();
  const r = useApi<ReleaseDates>(PERSON_APIS.release(id));
  return (
    <ApiSection title={t("web.release.title")} loaded={r} testId="release">
      {(d) => (
        <>
          {d.current ? (
            <p className="big">
              {t("web.release.expected")} <strong>{date(d.current.releaseDate, "long")}</strong>
              {d.current.paroleEligibleFrom && <span className="muted"> · {t("web.release.parole", { date: date(d.current.paroleEligibleFrom) })}</span>}
            </p>
          ) : (
            <p className="muted">{t("web.release.none")}</p>
          )}
          {d.cases.map((c, i) =>
            c.status === "computed" && ((c.result.chain?.length ?? 0) > 1 || c.result.releasedEarly) ? (
              <section key={`chain-${c.caseId}`} className="chain" data-testid="decision-chain">
                <h3 className="small">{t("web.release.chain", { n: i + 1 })}</h3>
                <ol className="steps">
                  {(c.result.chain ?? []).map((e, j) => (
                    <li key={j} className={e.applied ? undefined : "muted"}>
                      <strong>
                        {date(e.date)} · {t(`release.stage.${e.stage}` as MessageKey)}
                      </strong>
                      {!e.applied && <em> ({t("web.release.notInForce")})</em>}: {renderLine(locale, e.line)}
                    </li>
                  ))}
                </ol>
                {c.result.releasedEarly && (
                  <p className="note">{t("web.release.releasedEarly", { date: date(c.result.releasedEarly.date), stage: t(`release.stage.${c.result.releasedEarly.stage}` as MessageKey) })}</p>
                )}
              </section>
            ) : null,
          )}
          {d.cases.map((c, i) => (
            <details key={c.caseId} className="working">
              <summary>{t("web.release.working", { n: i + 1 })}</summary>
              {c.status === "computed" && (
                <>
                  <Facts
                    items={[
                      [t("web.release.termEnd"), date(c.result.termLastDay)],
                      [t("web.release.credit"), num(c.result.creditDays)],
                      [t("web.release.lastDay"), date(c.result.lastDay)],
                      [t("web.release.releaseDate"), date(c.result.releaseDate)],
                      [t("web.release.remaining"), c.result.remainingDays !== undefined ? num(c.result.remainingDays) : null],
                    ]}
                  />
                  <ol className="steps" data-testid="release-working">
                    {linesOf(c.result.working, c.result.workingLines).map((w, j) => (
                      <li key={j}>{renderLine(locale, w)}</li>
                    ))}
                  </ol>
                  {[...linesOf(c.result.warnings, c.result.warningLines), ...linesOf(c.notes, c.noteLines)].map((w, j) => (
                    <p key={j} className="note">
                      {renderLine(locale, w)}
                    </p>
                  ))}
                </>
              )}
              {c.status === "incomplete" && <p className="note">{t("web.release.missing", { fields: c.missing.join(", ") })}</p>}
              {c.status === "invalid" && <p className="form-error">{c.message}</p>}
            </details>
          ))}
          <p className="muted small">{t("web.release.asOf", { date: date(d.asOf) })}</p>
        </>
      )}
    </ApiSection>
  );
}

interface PriorityData {
  total: number;
  weightsVersion: number;
  parts: ({ key: string; label: string; points: number; why: string; labels?: Record<"en" | "ru" | "uk", string> } & Partial<Omit<ExplainedLine, "text">>)[];
}

export function PrioritySection({ id }: { id: string }) {
  const { t, num, locale } = useI18n();
  const r = useApi<PriorityData>(PERSON_APIS.priority(id));
  return (
    <ApiSection title={t("web.priority.title")} loaded={r} testId="priority">
      {(d) => {
        const max = Math.max(...d.parts.map((p) => Math.abs(p.points)), 1);
        return (
          <>
            <p className="big">
              {t("web.priority.total")} <strong>{num(d.total)}</strong> <span className="muted small">{t("web.priority.weights", { version: d.weightsVersion })}</span>
            </p>
            <table className="breakdown">
              <tbody>
                {d.parts.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">{p.labels ? (p.labels[locale as "en" | "ru" | "uk"] ?? p.label) : partLabel(p.key, p.label, t)}</th>
                    <td className="num">{num(p.points)}</td>
                    <td className="bar-cell">
                      <svg viewBox="0 0 100 10" width="100%" height="10" aria-hidden="true">
                        <rect width={(Math.abs(p.points) / max) * 100} height="10" fill="#0072B2" />
                      </svg>
                    </td>
                    <td className="small">{renderLine(locale, { ...(p.code && p.params ? { code: p.code, params: p.params } : {}), text: p.why })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        );
      }}
    </ApiSection>
  );
}

/** Priority parts have stable keys; translate them when the catalogue knows the key, else show the API's label. */
function partLabel(key: string, fallback: string, t: ReturnType<typeof useI18n>["t"]): string {
  const k = `web.priority.part.${key}`;
  const v = t(k as Parameters<typeof t>[0]);
  return v === k ? fallback : v;
}
