import { useMemo } from "react";
import { REGION_LIST } from "../../domain/vocabulary/regionList.js";
import { isRegionCode, regionName } from "../../domain/vocabulary/regions.js";
import { useI18n } from "../i18n.js";
import { SelectField } from "./Field.js";

// A person's region from the controlled list (ISO 3166-2, Russia and Ukraine), sorted by name in the UI language.
// A value stored as free text before (not in the list) stays selectable, marked, so saving never loses it.
export function RegionField({ label, value, onChange, error }: { label: string; value: string; onChange(v: string): void; error?: string | undefined }) {
  const { t, locale, regionStyle } = useI18n();
  const options = useMemo(() => {
    const byName = (country: string) =>
      REGION_LIST.filter((r) => r.code.startsWith(country))
        .map((r) => ({ value: r.code, label: regionName(locale, r.code, regionStyle) }))
        .sort((a, b) => a.label.localeCompare(b.label, locale));
    return [
      { value: "", label: "—" },
      ...(value && !isRegionCode(value) ? [{ value, label: t("web.region.asWritten", { text: value }) }] : []),
      ...byName("RU-").map((o) => ({ ...o, label: `${o.label} · ${t("web.region.russia")}` })),
      ...byName("UA-").map((o) => ({ ...o, label: `${o.label} · ${t("web.region.ukraine")}` })),
    ];
  }, [locale, value, t, regionStyle]);
  return <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} options={options} error={error} hint={value && !isRegionCode(value) ? t("web.region.unknownHint") : undefined} />;
}
