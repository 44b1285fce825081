import { useI18n } from "../i18n.js";

/** Previous / next over a long result, with where we are ("page 3 of 201"); hidden when everything fits one page. */
export function Pager({ offset, pageSize, total, onOffset, label }: { offset: number; pageSize: number; total: number; onOffset: (offset: number) => void; label: string }) {
  const { t } = useI18n();
  if (total <= pageSize) return null;
  const pages = Math.ceil(total / pageSize);
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        {t("web.lists.prevPage")}
      </button>
      <span>{t("web.lists.pageOf", { page: Math.floor(offset / pageSize) + 1, pages })}</span>
      <button type="button" disabled={offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>
        {t("web.lists.nextPage")}
      </button>
    </nav>
  );
}
