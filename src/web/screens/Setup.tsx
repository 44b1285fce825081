import { useEffect, useState, type FormEvent } from "react";
import { ApiError, get, issuesByPath, post } from "../api.js";
import { FormError, TextField } from "../components/Field.js";
import { useI18n } from "../i18n.js";

// First start (and invitations): the one-time token travels in the #fragment, so it never reaches server logs
// or a Referer header; it is sent only in the accept request's path.
export function Setup({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  // Read once: the fragment is removed from the address bar after use.
  const [token] = useState(() => location.hash.slice(1));
  const [invitation, setInvitation] = useState<{ email: string; role: string } | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [password2, setPassword2] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (token.length < 10) {
      setInvalid(true);
      return;
    }
    get<{ email: string; role: string }>(`/api/v1/invitations/${encodeURIComponent(token)}`).then(setInvitation, () => setInvalid(true));
  }, [token]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    if (password !== password2) {
      setErrors({ password2: t("web.setup.mismatch") });
      return;
    }
    try {
      await post(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, { email: invitation?.email || email, displayName, password });
      history.replaceState(null, "", location.pathname);
      setDone(true);
    } catch (err) {
      const byPath = issuesByPath(err);
      // The service reports "password: too short" as a message naming the field.
      const m = err instanceof ApiError ? /^(\w+): (.*)$/.exec(err.message) : null;
      if (m) byPath[m[1]!] = m[2]!;
      setErrors(byPath);
      if (!Object.keys(byPath).length) setError(err instanceof Error ? err.message : String(err));
    }
  };

  if (invalid)
    return (
      <section className="narrow card">
        <h1>{t("web.setup.title")}</h1>
        <p role="alert">{t("web.setup.invalid")}</p>
      </section>
    );
  if (done)
    return (
      <section className="narrow card">
        <h1>{t("web.setup.doneTitle")}</h1>
        <p>{t("web.setup.done")}</p>
        <button type="button" className="primary" onClick={onDone}>
          {t("web.signIn.title")}
        </button>
      </section>
    );
  return (
    <section className="narrow card">
      <h1>{t("web.setup.title")}</h1>
      {invitation && <p>{t("web.setup.role", { role: t(`web.role.${invitation.role}` as Parameters<typeof t>[0]) })}</p>}
      <form onSubmit={submit} noValidate>
        {invitation?.email ? (
          <p>
            {t("web.signIn.email")}: <strong>{invitation.email}</strong>
          </p>
        ) : (
          <TextField label={t("web.signIn.email")} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        )}
        <TextField label={t("web.setup.name")} autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={errors.displayName} />
        <TextField label={t("web.signIn.password")} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} hint={t("web.setup.passwordHint")} />
        <TextField label={t("web.setup.password2")} type="password" autoComplete="new-password" value={password2} onChange={(e) => setPassword2(e.target.value)} error={errors.password2} />
        <FormError message={error} />
        <button type="submit" className="primary">
          {t("web.setup.submit")}
        </button>
      </form>
    </section>
  );
}
