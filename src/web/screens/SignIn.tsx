import { useState, type FormEvent } from "react";
import { ApiError, api, post, setCsrfToken } from "../api.js";
import { FormError, TextField } from "../components/Field.js";
import { QrCode } from "../components/QrCode.js";
import { useI18n } from "../i18n.js";

// Sign-in, then the second factor when the API asks for it: a code from an enrolled authenticator, or
// enrolment first (admins and coordinators must have one).

interface SignInAnswer {
  csrfToken: string;
  secondFactorRequired: boolean;
  /** What the session still needs: "verify" (enrolled) or "enrol" (role requires one), null when done. */
  secondFactor?: "verify" | "enrol" | null;
}

export const SECOND_FACTOR_API = {
  verify: "/api/v1/auth/totp/verify",
  enrolStart: "/api/v1/auth/totp/enrol",
  enrolConfirm: "/api/v1/auth/totp/confirm",
};

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<"password" | "verify" | "enrol">("password");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<SignInAnswer>("POST", "/api/v1/auth/sign-in", { email, password }, { quiet401: true });
      setCsrfToken(r.csrfToken);
      const next = r.secondFactor ?? (r.secondFactorRequired ? "verify" : null);
      if (next) setStep(next);
      else onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t("web.signIn.locked") : t("web.signIn.failed"));
    } finally {
      setBusy(false);
    }
  };

  if (step === "verify") return <VerifyCode onDone={onSignedIn} />;
  if (step === "enrol") return <Enrol onDone={onSignedIn} />;

  return (
    <section className="narrow card">
      <h1>{t("web.signIn.title")}</h1>
      <form onSubmit={submit} noValidate>
        <TextField label={t("web.signIn.email")} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextField label={t("web.signIn.password")} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t("web.signIn.submit")}
        </button>
      </form>
    </section>
  );
}

function VerifyCode({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post(SECOND_FACTOR_API.verify, recovery ? { recoveryCode: code } : { code });
      onDone();
    } catch {
      setError(t("web.totp.wrong"));
    }
  };
  return (
    <section className="narrow card">
      <h1>{t("web.totp.title")}</h1>
      <p>{recovery ? t("web.totp.recoveryHelp") : t("web.totp.help")}</p>
      <form onSubmit={submit} noValidate>
        <TextField label={recovery ? t("web.totp.recoveryCode") : t("web.totp.code")} inputMode={recovery ? "text" : "numeric"} autoComplete="one-time-code" autoFocus value={code} onChange={(e) => setCode(e.target.value.trim())} />
        <FormError message={error} />
        <button type="submit" className="primary">
          {t("web.totp.submit")}
        </button>{" "}
        <button type="button" className="link" onClick={() => setRecovery(!recovery)}>
          {recovery ? t("web.totp.useApp") : t("web.totp.useRecovery")}
        </button>
      </form>
    </section>
  );
}

function Enrol({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [secret, setSecret] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState("");
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setError(null);
    try {
      setSecret(await post<{ secret: string; otpauthUri: string }>(SECOND_FACTOR_API.enrolStart));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await post<{ recoveryCodes: string[] }>(SECOND_FACTOR_API.enrolConfirm, { code });
      setRecoveryCodes(r.recoveryCodes);
    } catch {
      setError(t("web.totp.wrong"));
    }
  };
  if (recoveryCodes)
    return (
      <section className="narrow card">
        <h1>{t("web.totp.recoveryTitle")}</h1>
        <p>{t("web.totp.recoveryKeep")}</p>
        <ul className="codes" data-testid="recovery-codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="primary" onClick={onDone}>
          {t("web.totp.continue")}
        </button>
      </section>
    );
  return (
    <section className="narrow card">
      <h1>{t("web.totp.enrolTitle")}</h1>
      <p>{t("web.totp.enrolHelp")}</p>
      {!secret ? (
        <button type="button" className="primary" onClick={start}>
          {t("web.totp.enrolStart")}
        </button>
      ) : (
        <form onSubmit={confirm} noValidate>
          <QrCode text={secret.otpauthUri} label={t("web.totp.qr")} />
          {/* On a phone the QR code cannot be scanned by the same phone: the otpauth: link opens the authenticator app. */}
          <p>
            <a href={secret.otpauthUri} className="button secondary small">
              {t("web.totp.openApp")}
            </a>
          </p>
          <p>
            {t("web.totp.secret")} <code data-testid="totp-secret">{secret.secret}</code>
          </p>
          <TextField label={t("web.totp.code")} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value.trim())} />
          <button type="submit" className="primary">
            {t("web.totp.submit")}
          </button>
        </form>
      )}
      <FormError message={error} />
    </section>
  );
}
