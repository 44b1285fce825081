import { useState } from "react";
import { ApiError, issuesByPath } from "./api.js";
import { useI18n } from "./i18n.js";

/**
 * A form's errors: the server's field issues shown beside their fields with one line saying so above them, and
 * anything else (a conflict, a refusal) as the server words it, in the reader's language. One hook, so every form
 * reports a failed save the same way.
 */
export function useFormErrors() {
  const { t } = useI18n();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const clear = () => {
    setErrors({});
    setError(null);
  };
  /** Shows what a failed request said; returns the field issues by path. */
  const fail = (ex: unknown): Record<string, string> => {
    const byPath = issuesByPath(ex);
    setErrors(byPath);
    setError(Object.keys(byPath).length ? t("web.form.fix") : ex instanceof ApiError ? ex.message : String(ex));
    return byPath;
  };
  return { errors, error, setErrors, setError, clear, fail };
}
