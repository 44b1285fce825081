import { useId, type ReactNode } from "react";
import { useI18n } from "../i18n.js";
import type { Loaded } from "../useApi.js";

/**
 * A person-page section fed by one API. Hidden entirely when the API is not on this server or the role may
 * not see it (404/403): staff see only what they can use, and no empty boxes.
 */
export function ApiSection<T>({ title, loaded, children, actions, testId }: { title: string; loaded: Loaded<T>; children: (data: T) => ReactNode; actions?: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const id = useId();
  if (loaded.unavailable) return null;
  return (
    <section className="card" aria-labelledby={id} data-testid={testId}>
      <div className="heading-row">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {loaded.loading && !loaded.data && <p className="muted">{t("web.loading")}</p>}
      {loaded.error && <p className="form-error">{loaded.error.message}</p>}
      {loaded.data !== null && children(loaded.data)}
    </section>
  );
}

export function Card({ title, children, actions, testId }: { title: string; children: ReactNode; actions?: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id} data-testid={testId}>
      <div className="heading-row">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A definition list of label → value, leaving out empty values. */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  const shown = items.filter(([, v]) => v !== null && v !== undefined && v !== "" && v !== false);
  if (!shown.length) return null;
  return (
    <dl className="facts">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
