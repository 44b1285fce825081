import { useEffect } from "react";
import { useI18n } from "../i18n.js";
import type { ListBuildState } from "../listTypes.js";

/** How often a list being built is read again: its progress moves after every chunk of 1,000 people (BACKGROUND_CHUNK). */
const POLL_MS = 1500;

/**
 * A version built in the background: how far it got (read again every POLL_MS until it is stored), or why it
 * failed with a way to build it again. Nothing else of the version can be read, exported or frozen meanwhile.
 */
export function ListBuild({ build, onPoll, onBuildAgain }: { build: ListBuildState; onPoll: () => void; onBuildAgain?: (() => void) | undefined }) {
  const { t, num, date } = useI18n();
  useEffect(() => {
    if (build.state !== "building") return;
    const timer = setTimeout(onPoll, POLL_MS);
    return () => clearTimeout(timer);
  }, [build, onPoll]);
  if (build.state === "building")
    return (
      <div className="card" role="status" aria-live="polite" data-testid="list-build">
        <p>
          <strong>{t("web.lists.building", { done: num(build.done), count: build.total })}</strong>
        </p>
        <progress max={build.total || 1} value={build.done} aria-label={t("web.lists.building", { done: num(build.done), count: build.total })} />
        <p className="muted small">{t("web.lists.buildingNote", { who: build.requestedBy, date: date(build.asOf) })}</p>
      </div>
    );
  return (
    <div className="card" role="alert" data-testid="list-build">
      <p>
        <strong>{t("web.lists.buildFailed")}</strong> {build.error === "people_gone" ? t("web.lists.buildFailedGone", { count: build.gone ?? 0 }) : t("web.lists.buildFailedError")}
      </p>
      {onBuildAgain && (
        <button type="button" className="primary" onClick={onBuildAgain}>
          {t("web.lists.buildAgain")}
        </button>
      )}
    </div>
  );
}
