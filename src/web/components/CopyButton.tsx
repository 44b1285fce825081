import { useState } from "react";
import { useI18n } from "../i18n.js";

/** Copies a one-time secret (an invitation link, an API token) shown on screen. */
export function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  // The clipboard needs a secure context (HTTPS or localhost); elsewhere the text stays selectable beside it.
  if (!navigator.clipboard) return null;
  return (
    <button type="button" className="secondary small" onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false))}>
      {copied ? t("web.invitations.copied") : t("web.invitations.copy")}
    </button>
  );
}
