import { useI18n } from "../i18n.js";

export function ListBuilder({ id }: { id: string }) {
  const { t } = useI18n();
  return <p data-id={id}>{t("web.loading")}</p>;
}
