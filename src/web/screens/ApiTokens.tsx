import { useState, type FormEvent } from "react";
import { api, post } from "../api.js";
import { DateField } from "../components/DateField.js";
import { FormError, SelectField, TextField } from "../components/Field.js";
import { ApiSection, Card } from "../components/Section.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import { useApi } from "../useApi.js";
import { apiTokenRoles, apiTokenScopes, type ApiTokenScope } from "../../domain/vocabulary/apiTokens.js";
import type { MessageKey } from "../../i18n/index.js";
import { CopyButton } from "../components/CopyButton.js";

// API tokens (admins, on the Accounts screen): create one — its text is shown here once, with a copy button —,
// see every token of the organisation (scopes, role, hour of last use, state), revoke one. docs/security.md "API tokens".

interface TokenView {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  role: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedHour: string | null;
  state: "active" | "expired" | "revoked";
}

export function ApiTokens() {
  const [created, setCreated] = useState(0);
  return (
    <>
      <NewToken onCreated={() => setCreated((n) => n + 1)} />
      <TokenList key={created} />
    </>
  );
}

function NewToken({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiTokenScope[]>(["registry:read"]);
  const [role, setRole] = useState<string>("volunteer");
  const [expiresOn, setExpiresOn] = useState("");
  const [perMinute, setPerMinute] = useState("600");
  const [token, setToken] = useState<string | null>(null);
  const { errors, error, setErrors, clear, fail } = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    setToken(null);
    // The server's label for "name" is a person's; the form says what it means here.
    if (!name.trim()) return setErrors({ name: t("web.tokens.nameRequired") });
    try {
      const r = await post<{ token: string }>("/api/v1/api-tokens", { name, scopes, role, expiresOn: expiresOn || null, perMinute: Number(perMinute) });
      setToken(r.token);
      setName("");
      onCreated();
    } catch (ex) {
      fail(ex);
    }
  };
  const toggle = (s: ApiTokenScope, on: boolean) => setScopes(on ? [...scopes, s] : scopes.filter((x) => x !== s));
  return (
    <Card title={t("web.tokens.new")} testId="new-api-token">
      <p className="hint">{t("web.tokens.intro")}</p>
      <form onSubmit={submit} noValidate>
        <TextField label={t("web.tokens.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} maxLength={100} />
        <fieldset className={errors.scopes ? "has-error" : ""}>
          <legend>{t("web.tokens.scopes")}</legend>
          {apiTokenScopes.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => toggle(s, e.target.checked)} /> {t(`web.tokens.scope.${s}` as MessageKey)} <code className="small">{s}</code>
            </label>
          ))}
          {errors.scopes && (
            <span className="error" role="alert">
              {errors.scopes}
            </span>
          )}
        </fieldset>
        <div className="row-fields">
          <SelectField label={t("web.tokens.role")} value={role} onChange={(e) => setRole(e.target.value)} error={errors.role} options={apiTokenRoles.map((r) => ({ value: r, label: t(`web.role.${r}` as MessageKey) }))} />
          <DateField label={t("web.tokens.expiresOn")} value={expiresOn} onChange={setExpiresOn} error={errors.expiresOn} />
          <TextField label={t("web.tokens.perMinute")} inputMode="numeric" value={perMinute} onChange={(e) => setPerMinute(e.target.value)} error={errors.perMinute} />
        </div>
        <FormError message={error} />
        <button type="submit" className="primary">
          {t("web.tokens.create")}
        </button>
      </form>
      {token && (
        <p role="status">
          {t("web.tokens.shownOnce")}
          <br />
          <code className="break" data-testid="new-token">
            {token}
          </code>
          <br />
          <CopyButton text={token} />
        </p>
      )}
    </Card>
  );
}

function TokenList() {
  const { t, date, dateTime } = useI18n();
  const list = useApi<{ items: TokenView[] }>("/api/v1/api-tokens");
  const [confirming, setConfirming] = useState<TokenView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await api("DELETE", `/api/v1/api-tokens/${id}`);
      setConfirming(null);
      list.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <ApiSection title={t("web.tokens.title")} loaded={list} testId="api-token-list">
      {(d) =>
        d.items.length === 0 ? (
          <p className="muted">{t("web.tokens.none")}</p>
        ) : (
          <>
            <ul className="plain">
              {d.items.map((k) => (
                <li key={k.id} className={k.state === "active" ? "" : "ineligible"}>
                  <strong>{k.name}</strong> · <code className="small">{k.scopes.join(", ")}</code> · {t(`web.role.${k.role}` as MessageKey)} <span className="badge">{t(`web.tokens.state.${k.state}` as MessageKey)}</span>
                  <div className="muted small">
                    {t("web.tokens.createdBy", { name: k.createdBy, date: date(k.createdAt.slice(0, 10)) })}
                    {k.expiresAt ? `, ${t("web.tokens.until", { date: date(new Date(Date.parse(k.expiresAt) - 86_400_000).toISOString().slice(0, 10)) })}` : ""}
                    {", "}
                    {k.lastUsedHour ? t("web.tokens.lastUsed", { date: dateTime(k.lastUsedHour) }) : t("web.tokens.neverUsed")}
                  </div>
                  {k.state === "active" &&
                    (confirming?.id === k.id ? (
                      <div className="actions" role="group">
                        <span>{t("web.tokens.revokeConfirm", { name: k.name })}</span>{" "}
                        <button type="button" className="small danger" onClick={() => void revoke(k.id)}>
                          {t("web.tokens.revoke")}
                        </button>
                        <button type="button" className="small secondary" onClick={() => setConfirming(null)}>
                          {t("web.form.cancel")}
                        </button>
                      </div>
                    ) : (
                      <button type="button" className="small secondary" onClick={() => setConfirming(k)}>
                        {t("web.tokens.revoke")}
                      </button>
                    ))}
                </li>
              ))}
            </ul>
            <FormError message={error} />
          </>
        )
      }
    </ApiSection>
  );
}
