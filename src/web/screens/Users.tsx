import { useState, type FormEvent } from "react";
import { api, patch, post } from "../api.js";
import { ApiSection } from "../components/Section.js";
import { occupiedLabelStyles, regionName, type OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";
import { FormError, SelectField, TextField } from "../components/Field.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import { CopyButton } from "../components/CopyButton.js";
import { ApiTokens } from "./ApiTokens.js";
import { useApi } from "../useApi.js";
import type { MessageKey } from "../../i18n/index.js";

// Accounts (admins): invite someone with a role — the one-time link is shown here to pass on by a safe channel —
// change roles, deactivate, unlock, or reset a lost second factor.

interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: string;
  active: boolean;
  secondFactor: "enrolled" | "required_missing" | "none";
  lockedUntil: string | null;
}

const ROLES = ["admin", "coordinator", "researcher", "lawyer", "volunteer"] as const;

export function Users() {
  const { t } = useI18n();
  const users = useApi<{ items: UserView[] }>("/api/v1/users");
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState(0);
  if (users.unavailable) return <p>{t("web.notFound.title")}</p>;
  const change = async (id: string, body: Record<string, unknown>) => {
    setError(null);
    try {
      await patch(`/api/v1/users/${id}`, body);
      users.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`web.role.${r}` as MessageKey) }));
  return (
    <section>
      <h1>{t("web.users.title")}</h1>
      <Invite onInvited={() => setInvited((n) => n + 1)} />
      <Invitations key={invited} />
      <ApiTokens />
      <OrganisationSettings />
      <FormError message={error} />
      <div className="table-wrap">
        <table className="results">
          <thead>
            <tr>
              <th scope="col">{t("web.signIn.email")}</th>
              <th scope="col">{t("web.users.role")}</th>
              <th scope="col">{t("web.users.secondFactor")}</th>
              <th scope="col">{t("web.users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.items.map((u) => (
              <tr key={u.id} className={u.active ? "" : "ineligible"}>
                <td data-label={t("web.signIn.email")}>
                  {u.email}
                  {u.displayName !== u.email && <div className="muted small">{u.displayName}</div>}
                  {!u.active && <span className="badge">{t("web.users.inactive")}</span>}
                </td>
                <td data-label={t("web.users.role")}>
                  <select aria-label={`${t("web.users.role")}: ${u.email}`} value={u.role} onChange={(e) => change(u.id, { role: e.target.value })}>
                    {roleOptions.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label={t("web.users.secondFactor")}>{t(`web.users.factor.${u.secondFactor}` as MessageKey)}</td>
                <td data-label={t("web.users.actions")}>
                  <div className="actions">
                    {u.secondFactor === "enrolled" && (
                      <button type="button" className="small secondary" onClick={() => change(u.id, { resetSecondFactor: true })}>
                        {t("web.users.resetFactor")}
                      </button>
                    )}
                    {u.lockedUntil && (
                      <button type="button" className="small secondary" onClick={() => change(u.id, { unlock: true })}>
                        {t("web.users.unlock")}
                      </button>
                    )}
                    <button type="button" className={`small ${u.active ? "danger" : ""}`} onClick={() => change(u.id, { active: !u.active })}>
                      {u.active ? t("web.users.deactivate") : t("web.users.activate")}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Invite({ onInvited }: { onInvited: () => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("researcher");
  const [link, setLink] = useState<string | null>(null);
  const { errors, error, clear, fail } = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    setLink(null);
    try {
      const r = await post<{ path: string }>("/api/v1/users/invitations", { email, role });
      setLink(`${location.origin}${r.path}`);
      setEmail("");
      onInvited();
    } catch (ex) {
      fail(ex);
    }
  };
  return (
    <section className="card" aria-labelledby="invite-h">
      <h2 id="invite-h">{t("web.users.invite")}</h2>
      <form onSubmit={submit} noValidate className="row-fields">
        <TextField label={t("web.signIn.email")} type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <SelectField label={t("web.users.role")} value={role} onChange={(e) => setRole(e.target.value)} options={ROLES.map((r) => ({ value: r, label: t(`web.role.${r}` as MessageKey) }))} />
        <button type="submit" className="primary">
          {t("web.users.sendInvite")}
        </button>
      </form>
      <FormError message={error} />
      {link && (
        <p role="status">
          {t("web.users.linkHelp")}
          <br />
          <code className="break" data-testid="invite-link">
            {link}
          </code>
          <br />
          <CopyButton text={link} />
        </p>
      )}
    </section>
  );
}

interface InvitationView {
  id: string;
  email: string;
  role: string;
  invitedBy: string | null;
  expiresAt: string;
}

/** Invitations not yet accepted: who, which role, until when; revoking one makes its link stop working. */
function Invitations() {
  const { t, date } = useI18n();
  const list = useApi<{ items: InvitationView[] }>("/api/v1/users/invitations");
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await api("DELETE", `/api/v1/users/invitations/${id}`);
      list.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <ApiSection title={t("web.invitations.title")} loaded={list} testId="invitations">
      {(d) => (
        <>
          {d.items.length === 0 ? (
            <p className="muted">{t("web.invitations.none")}</p>
          ) : (
            <ul className="plain">
              {d.items.map((i) => (
                <li key={i.id}>
                  {i.email} · {t(`web.role.${i.role}` as MessageKey)} <span className="muted small">{t("web.invitations.expires", { date: date(i.expiresAt.slice(0, 10)) })}{i.invitedBy ? `, ${t("web.invitations.invitedBy", { name: i.invitedBy })}` : ""}</span>{" "}
                  <button type="button" className="secondary small" onClick={() => void revoke(i.id)}>
                    {t("web.invitations.revoke")}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="hint">{t("web.invitations.linkOnce")}</p>
          <FormError message={error} />
        </>
      )}
    </ApiSection>
  );
}

/** How occupied Ukrainian subdivisions are labelled, here and on the public site; each choice shown by its example. */
function OrganisationSettings() {
  const { t, locale, setRegionStyle } = useI18n();
  const settings = useApi<{ occupiedLabel: OccupiedLabelStyle }>("/api/v1/organisation/settings");
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choose = async (style: OccupiedLabelStyle) => {
    setSaved(false);
    setError(null);
    try {
      await api("PUT", "/api/v1/organisation/settings", { occupiedLabel: style });
      setRegionStyle(style);
      settings.reload();
      setSaved(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <ApiSection title={t("web.settings.title")} loaded={settings} testId="organisation-settings">
      {(d) => (
        <>
          <SelectField
            label={t("web.settings.occupied")}
            hint={t("web.settings.occupiedHint")}
            value={d.occupiedLabel}
            onChange={(e) => void choose(e.target.value as OccupiedLabelStyle)}
            options={occupiedLabelStyles.map((s) => ({ value: s, label: `${regionName(locale, "UA-43", s)}; ${regionName(locale, "UA-40", s)}` }))}
          />
          <FormError message={error} />
          {saved && (
            <p className="muted small" role="status">
              {t("web.records.saved")}
            </p>
          )}
        </>
      )}
    </ApiSection>
  );
}
