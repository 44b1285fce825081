import { localeNames, locales, type Locale } from "../../i18n/index.js";
import { useI18n } from "../i18n.js";

export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t("web.language")}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="language">
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {localeNames[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
