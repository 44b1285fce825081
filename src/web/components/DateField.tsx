import { useEffect, useId, useState } from "react";
import { useI18n } from "../i18n.js";

// A date as people write it here: "08.07.1961" (or 8.7.1961, 08/07/1961), ISO "1961-07-08", or — where `allowYear` —
// only "1961"; and a calendar (the browser's own date picker) beside it. The form always receives ISO when the text
// reads as a date, and the text as typed otherwise, so the server's message ("нужна дата: ДД.ММ.ГГГГ…") names it.

/** "08.07.1961", "8/7/1961", "1961-07-08" → "1961-07-08"; "1961" → "1961" when a year alone is allowed; else null. */
export function isoFromTyped(text: string, allowYear = false): string | null {
  const s = text.trim();
  if (s === "") return "";
  let m = /^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4})$/.exec(s);
  if (m) return realDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (allowYear && /^\d{4}$/.test(s)) return s;
  return null;
}

function realDate(y: number, mo: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** "1961-07-08" → "08.07.1961" (how Russian and Ukrainian write a date, and unambiguous in English too). */
export function typedFromIso(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

export function DateField({
  label,
  value,
  onChange,
  error,
  hint,
  allowYear = false,
  disabled,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string | undefined;
  allowYear?: boolean;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState(() => typedFromIso(value));
  // A value set from outside (the record loaded, the picker) replaces the text unless it already says the same date.
  useEffect(() => {
    if (isoFromTyped(text, allowYear) !== value) setText(typedFromIso(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const typed = (next: string) => {
    setText(next);
    onChange(isoFromTyped(next, allowYear) ?? next);
  };
  const shownHint = hint ?? t(allowYear ? "web.field.birthHint" : "web.field.dateHint");
  const iso = isoFromTyped(text, allowYear);
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <span className="date-input">
        <input
          id={id}
          inputMode="numeric"
          autoComplete="off"
          placeholder={t("web.field.datePlaceholder")}
          value={text}
          disabled={disabled}
          onChange={(e) => typed(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : `${id}-hint`}
        />
        <input
          type="date"
          className="date-picker"
          aria-label={t("web.field.datePick", { field: label })}
          value={iso && iso.length === 10 ? iso : ""}
          disabled={disabled}
          tabIndex={0}
          onChange={(e) => {
            setText(typedFromIso(e.target.value));
            onChange(e.target.value);
          }}
        />
      </span>
      {!error && (
        <span className="hint" id={`${id}-hint`}>
          {shownHint}
        </span>
      )}
      {error && (
        <span className="error" id={`${id}-err`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
