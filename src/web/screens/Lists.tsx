import { useI18n } from "../i18n.js";

export function Lists() {
  const { t } = useI18n();
  return <p>{t("web.loading")}</p>;
}
