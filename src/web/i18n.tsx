import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { setApiLanguage } from "./api.js";
import { isRegionCode, regionName, type OccupiedLabelStyle } from "../domain/vocabulary/regions.js";
import { formatDate, formatDateTime, formatNumber, hasMessage, isLocale, pickLocale, t, type Locale, type MessageKey, type Params } from "../i18n/index.js";

// The staff app's language: chosen in the header, remembered in this browser, first guessed from the browser.
const STORAGE_KEY = "aff.locale";

export interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: MessageKey, params?: Params): string;
  /** Label of an enum value ("common.status.in_colony"), or the raw value when the table lacks it. */
  label(prefix: string, value: string | null | undefined): string;
  date(value: string | Date | null | undefined, style?: "long" | "medium" | "short"): string;
  num(n: number): string;
  /** A moment (audit entry, history): date and time as the locale writes them, in the browser's time zone. */
  dateTime(value: string | Date | null | undefined): string;
  /** Who acted, as stored ("anonymous", "cli lists", an email) in words of the locale; emails stay as they are. */
  actorText(label: string | null | undefined): string;
  /** A stored region: an ISO 3166-2 code by its name in the locale, free text (not in the list) as written. */
  region(value: string | null | undefined): string;
  /** The organisation's label for occupied Ukrainian subdivisions (set once the organisation's settings load). */
  regionStyle: OccupiedLabelStyle;
  setRegionStyle(style: OccupiedLabelStyle): void;
}

function actorText(locale: Locale, who: string | null | undefined): string {
  if (!who) return "—";
  if (who === "anonymous") return t(locale, "web.actor.anonymous");
  if (who === "system") return t(locale, "web.actor.system");
  if (who === "demo") return t(locale, "web.actor.demo");
  if (who === "setup") return t(locale, "web.actor.setup");
  const cli = /^cli[: ](.+)$/.exec(who);
  return cli ? t(locale, "web.actor.cli", { command: cli[1]! }) : who;
}

const Ctx = createContext<I18n | null>(null);

/** The language the app starts in: chosen earlier in this browser, else guessed from the browser's. */
export function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  return pickLocale(null, navigator.languages.join(","));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [regionStyle, setRegionStyle] = useState<OccupiedLabelStyle>("occupied");
  // Set during render, not in an effect: the screens' first requests must already carry the language.
  setApiLanguage(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale(l) {
        localStorage.setItem(STORAGE_KEY, l);
        setLocaleState(l);
      },
      t: (key, params) => t(locale, key, params),
      label(prefix, value) {
        if (value === null || value === undefined || value === "") return "—";
        const key = `${prefix}.${value}`;
        return hasMessage(key) ? t(locale, key) : value;
      },
      date: (value, style = "medium") => formatDate(locale, value, style),
      num: (n) => formatNumber(locale, n),
      dateTime: (value) => formatDateTime(locale, value),
      actorText: (who) => actorText(locale, who),
      region: (v) => (!v ? "—" : isRegionCode(v) ? regionName(locale, v, regionStyle) : v),
      regionStyle,
      setRegionStyle,
    }),
    [locale, regionStyle],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
