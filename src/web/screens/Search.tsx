import { useEffect, useState } from "react";
import { qs } from "../api.js";
import { categories, statuses } from "../enums.js";
import { useI18n } from "../i18n.js";
import { Link, navigate, useLocation } from "../router.js";
import type { Page, PersonSummary } from "../types.js";
import { useApi } from "../useApi.js";
import { facilitiesUrl, PEOPLE_PAGE } from "../firstReads.js";
import type { MessageKey } from "../../i18n/index.js";
import { OfficialsInSearch } from "./CaseOfficials.js";
import { BulkAddToList } from "../components/BulkAddToList.js";

// People search: the box searches as you type (across scripts and spellings, through the matcher); filters and
// sort live in the URL so a search can be bookmarked, shared with a colleague and restored with Back.

type SortKey = "name" | "birth" | "category" | "status" | "updated";
const PAGE = PEOPLE_PAGE;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The longest search the API takes (src/http/routes/search.ts). */
const MAX_QUERY = 200;

export function Search({ role }: { role: string }) {
  const { t, label, date, num, region } = useI18n();
  // Ticked people (kept across pages and searches) go to a draft exchange list: roles that build lists only.
  const buildsLists = role === "admin" || role === "coordinator" || role === "researcher";
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const tick = (ids: string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setSelected(next);
  };
  const loc = useLocation();
  const p = loc.query;
  const [text, setText] = useState(p.get("q") ?? "");
  // The server takes at most MAX_QUERY characters (and a long query string would be refused before it, with 431):
  // a longer text is not sent; the reader is told why instead.
  const tooLong = text.trim().length > MAX_QUERY;
  const q = useDebounced(tooLong ? "" : text.trim(), 200);
  const filters = {
    category: p.get("category") ?? "",
    status: p.get("status") ?? "",
    article: p.get("article") ?? "",
    region: p.get("region") ?? "",
    facilityId: p.get("facilityId") ?? "",
    recognition: p.get("recognition") ?? "",
    priorityAtLeast: p.get("priorityAtLeast") ?? "",
    sort: p.get("sort") ?? "",
    offset: Number(p.get("offset") ?? 0),
  };

  const setParam = (changes: Record<string, string | number>) => {
    const next = new URLSearchParams(p);
    for (const [k, v] of Object.entries(changes)) {
      if (v === "" || v === 0) next.delete(k);
      else next.set(k, String(v));
    }
    if (!("offset" in changes)) next.delete("offset");
    const s = next.toString();
    navigate(`/people${s ? `?${s}` : ""}`, true);
  };

  useEffect(() => {
    if ((p.get("q") ?? "") !== q) setParam({ q });
    // Only the debounced text drives the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const facilities = useApi<{ items: { id: string; name: string }[] }>(facilitiesUrl);
  const query = qs({ q: q || undefined, category: filters.category, status: filters.status, article: filters.article, region: filters.region, facilityId: filters.facilityId, recognition: filters.recognition, priorityAtLeast: filters.priorityAtLeast, sort: filters.sort, limit: PAGE, offset: filters.offset || undefined });
  // Recognition and priority are computed per person: only the search endpoint filters by them.
  const searching = !!(q || filters.recognition || filters.priorityAtLeast);
  const res = useApi<Page<PersonSummary>>(`/api/v1/people${searching ? "/search" : ""}${query}`);

  const sortBy = (key: SortKey) => {
    const cur = filters.sort;
    const next = cur === key && (key === "name" || key === "birth" || key === "updated") ? `-${key}` : key;
    setParam({ sort: next });
  };
  const ariaSort = (key: SortKey): "ascending" | "descending" | undefined => {
    if (filters.sort === key) return "ascending";
    if (filters.sort === `-${key}`) return "descending";
    if (!filters.sort && key === "name" && !q) return "ascending";
    return undefined;
  };
  const Th = ({ k, children }: { k: SortKey; children: string }) => (
    <th scope="col" aria-sort={ariaSort(k)}>
      <button type="button" className="sort" onClick={() => sortBy(k)}>
        {children}
        <span aria-hidden="true">{ariaSort(k) === "ascending" ? " ▲" : ariaSort(k) === "descending" ? " ▼" : ""}</span>
      </button>
    </th>
  );

  const data = res.data;
  return (
    <section>
      <div className="heading-row">
        <h1>{t("web.search.title")}</h1>
        <Link to="/people/new" className="button">
          {t("web.person.new")}
        </Link>
      </div>
      <form className="search-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field search-box">
          <label htmlFor="q">{t("web.search.label")}</label>
          <input id="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t("web.search.placeholder")} autoComplete="off" aria-describedby="q-hint" aria-invalid={tooLong || undefined} />
          {tooLong ? (
            <span className="error" id="q-hint" role="alert">
              {t("web.search.tooLong", { max: MAX_QUERY, count: text.trim().length })}
            </span>
          ) : (
            <span className="hint" id="q-hint">
              {t("web.search.hint")}
            </span>
          )}
        </div>
        <fieldset className="filters">
          <legend>{t("web.search.filters")}</legend>
          <label>
            {t("web.field.category")}
            <select value={filters.category} onChange={(e) => setParam({ category: e.target.value })}>
              <option value="">{t("web.search.any")}</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {label("common.category", c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("web.field.status")}
            <select value={filters.status} onChange={(e) => setParam({ status: e.target.value })}>
              <option value="">{t("web.search.any")}</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {label("common.status", s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("web.field.article")}
            <input value={filters.article} inputMode="decimal" placeholder="207.3" size={7} onChange={(e) => setParam({ article: e.target.value.trim() })} />
          </label>
          <label>
            {t("web.field.region")}
            <input value={filters.region} size={12} onChange={(e) => setParam({ region: e.target.value })} />
          </label>
          {facilities.data && (
            <label>
              {t("web.field.facility")}
              <select value={filters.facilityId} onChange={(e) => setParam({ facilityId: e.target.value })}>
                <option value="">{t("web.search.any")}</option>
                {facilities.data.items.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t("web.recognition.title")}
            <select value={filters.recognition} onChange={(e) => setParam({ recognition: e.target.value })}>
              <option value="">{t("web.search.any")}</option>
              {["recognised", "not_recognised", "needs_more_information", "pending", "unknown"].map((r) => (
                <option key={r} value={r}>
                  {r === "unknown" ? t("web.recognition.none") : label("web.recognition.status", r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("web.search.priorityAtLeast")}
            <input value={filters.priorityAtLeast} inputMode="numeric" size={5} onChange={(e) => setParam({ priorityAtLeast: e.target.value.replace(/[^0-9]/g, "") })} />
          </label>
        </fieldset>
      </form>

      <OfficialsInSearch q={q} />
      <p className="result-count" role="status" aria-live="polite">
        {res.loading ? t("web.loading") : data ? t("web.search.count", { count: data.total }) : ""}
      </p>
      {res.error && !res.loading && <p className="form-error">{res.error.message}</p>}
      {buildsLists && <BulkAddToList ids={[...selected]} onClear={() => setSelected(new Set())} />}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="results">
            <caption className="sr-only">{t("web.search.title")}</caption>
            <thead>
              <tr>
                {buildsLists && (
                  <th scope="col" className="select-col">
                    <input type="checkbox" aria-label={t("web.bulk.selectPage")} checked={data.items.every((it) => selected.has(it.id))} onChange={(e) => tick(data.items.map((it) => it.id), e.target.checked)} />
                  </th>
                )}
                <Th k="name">{t("web.field.name")}</Th>
                <Th k="category">{t("web.field.category")}</Th>
                <Th k="status">{t("web.field.status")}</Th>
                <th scope="col">{t("web.field.region")}</th>
                <th scope="col">{t("web.field.facility")}</th>
                <Th k="birth">{t("web.field.birth")}</Th>
                <Th k="updated">{t("web.field.updated")}</Th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((it) => (
                <tr key={it.id}>
                  {buildsLists && (
                    <td className="select-col">
                      <input type="checkbox" aria-label={t("web.bulk.selectRow", { name: it.primaryName })} checked={selected.has(it.id)} onChange={(e) => tick([it.id], e.target.checked)} />
                    </td>
                  )}
                  <td data-label={t("web.field.name")}>
                    <Link to={`/people/${it.id}`} className="person-link">
                      {it.primaryName}
                    </Link>
                    {it.alternateNames.length > 0 && <div className="muted small">{it.alternateNames.slice(0, 3).join(" · ")}</div>}
                    {it.match && it.match.verdict !== "substring" && <span className={`badge ${it.match.verdict}`}>{t(`web.search.verdict.${it.match.verdict}` as MessageKey)}</span>}
                  </td>
                  <td data-label={t("web.field.category")}>{label("common.category", it.category)}</td>
                  <td data-label={t("web.field.status")}>
                    <span className={`status status-${it.status}`}>{label("common.status", it.status)}</span>
                  </td>
                  <td data-label={t("web.field.region")}>{region(it.homeRegion)}</td>
                  <td data-label={t("web.field.facility")}>{it.facility ?? "—"}</td>
                  <td data-label={t("web.field.birth")}>{date(it.birthDate, "short") || "—"}</td>
                  <td data-label={t("web.field.updated")}>{date(it.updatedAt.slice(0, 10), "short")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > PAGE && (
        <nav className="pager" aria-label={t("web.search.pages")}>
          <button type="button" disabled={filters.offset === 0} onClick={() => setParam({ offset: Math.max(0, filters.offset - PAGE) })}>
            {t("web.search.prev")}
          </button>
          <span>
            {num(filters.offset + 1)}–{num(Math.min(data.total, filters.offset + PAGE))} / {num(data.total)}
          </span>
          <button type="button" disabled={filters.offset + PAGE >= data.total} onClick={() => setParam({ offset: filters.offset + PAGE })}>
            {t("web.search.next")}
          </button>
        </nav>
      )}
    </section>
  );
}
