import { useState } from "react";
import { ApiError, post } from "../api.js";
import { useI18n } from "../i18n.js";
import type { ListHeader } from "../listTypes.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";
import { listsUrl } from "../firstReads.js";
import { FormError, SelectField } from "./Field.js";

// The people ticked in the search results, added in one go to a draft exchange list (a new version of it). The
// server checks the list for probable duplicates as the list builder does; its warning is shown with each pair.

interface AddAnswer {
  warnings?: { code: string; pairs: { a: { id: string; name: string }; b: { id: string; name: string } }[] }[];
}

export function BulkAddToList({ ids, onClear }: { ids: string[]; onClear(): void }) {
  const { t } = useI18n();
  const lists = useApi<{ items: ListHeader[] }>(listsUrl);
  const drafts = (lists.data?.items ?? []).filter((l) => l.status === "draft" && l.kind === "own");
  const [listId, setListId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ name: string; id: string; pairs: NonNullable<AddAnswer["warnings"]>[number]["pairs"] } | null>(null);
  const [busy, setBusy] = useState(false);
  if (lists.unavailable) return null;
  const add = async () => {
    const list = drafts.find((l) => l.id === listId);
    if (!list) return setError(t("web.bulk.chooseFirst"));
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await post<AddAnswer>(`/api/v1/lists/${list.id}/members`, { add: ids });
      setDone({ name: list.name, id: list.id, pairs: (r.warnings ?? []).flatMap((w) => (w.code === "probableDuplicateOnList" ? w.pairs : [])) });
      onClear();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bulk-bar card" role="group" aria-label={t("web.bulk.label")} data-testid="bulk-bar">
      {ids.length > 0 && (
        <div className="row-fields">
          <strong>{t("web.bulk.selected", { count: ids.length })}</strong>
          {lists.data && drafts.length === 0 ? (
            <span className="hint">{t("web.bulk.noDrafts")}</span>
          ) : (
            <>
              <SelectField label={t("web.bulk.list")} value={listId} onChange={(e) => setListId(e.target.value)} options={[{ value: "", label: t("web.bulk.choose") }, ...drafts.map((l) => ({ value: l.id, label: l.name }))]} />
              <button type="button" className="primary" disabled={busy} onClick={() => void add()}>
                {t("web.bulk.add")}
              </button>
            </>
          )}
          <button type="button" className="secondary" onClick={onClear}>
            {t("web.bulk.clear")}
          </button>
        </div>
      )}
      <FormError message={error} />
      {done && (
        <div role="status">
          <p>
            {t("web.bulk.added", { name: done.name })} <Link to={`/lists/${done.id}`}>{t("web.bulk.open")}</Link>
          </p>
          {done.pairs.length > 0 && (
            <div className="note" role="alert">
              <p>{t("web.bulk.duplicates")}</p>
              <ul className="plain">
                {done.pairs.map((p) => (
                  <li key={`${p.a.id}-${p.b.id}`}>
                    {p.a.name} — {p.b.name} <Link to={`/merge?survivor=${p.a.id}&merged=${p.b.id}`}>{t("web.bulk.compare")}</Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
