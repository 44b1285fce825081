import { useState, type FormEvent } from "react";
import { post } from "../api.js";
import { FormError, TextArea, TextField } from "../components/Field.js";
import { categories } from "../enums.js";
import { useFormErrors } from "../formErrors.js";
import { useI18n } from "../i18n.js";
import type { ListHeader } from "../listTypes.js";
import { Link, navigate } from "../router.js";
import { useApi } from "../useApi.js";

// Our exchange lists, and a form to build a new one from the registry (version 1 is built at once, or in the
// background for a large selection: the list's page shows how far it got).
export function Lists() {
  const { t, label, date } = useI18n();
  const lists = useApi<{ items: ListHeader[] }>("/api/v1/lists");
  if (lists.unavailable) return <p role="alert">{t("web.notAllowed")}</p>;
  const own = lists.data?.items.filter((l) => l.kind === "own") ?? [];
  return (
    <section>
      <h1>{t("web.lists.title")}</h1>
      <div className="grid">
        <section className="card" aria-labelledby="lists-h">
          <h2 id="lists-h">{t("web.lists.title")}</h2>
          {lists.data && own.length === 0 && <p className="muted">{t("web.lists.none")}</p>}
          <ul className="plain">
            {own.map((l) => (
              <li key={l.id}>
                <Link to={`/lists/${l.id}`}>{l.name}</Link> <span className="badge">{label("web.lists.status", l.status)}</span>{" "}
                {l.build?.state === "building" && <span className="badge">{t("web.lists.buildingBadge")}</span>}{" "}
                <span className="muted small">
                  {t("web.lists.version", { n: l.currentVersion })} · {date(l.createdAt.slice(0, 10))}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <NewList />
      </div>
    </section>
  );
}

function NewList() {
  const { t, label } = useI18n();
  const [name, setName] = useState("");
  const [purpose, setPurpose] = useState("");
  const [cats, setCats] = useState<string[]>(["ru_political_prisoner"]);
  const [allForAll, setAllForAll] = useState(false);
  const { errors, error, clear, fail } = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    try {
      const r = await post<{ id: string }>("/api/v1/lists", { name, ...(purpose ? { purpose } : {}), categories: cats, allForAll });
      navigate(`/lists/${r.id}`);
    } catch (ex) {
      fail(ex);
    }
  };
  return (
    <section className="card" aria-labelledby="new-list-h">
      <h2 id="new-list-h">{t("web.lists.new")}</h2>
      <form onSubmit={submit} noValidate>
        <TextField label={t("web.lists.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <TextArea label={t("web.lists.purpose")} rows={2} value={purpose} onChange={(e) => setPurpose(e.target.value)} error={errors.purpose} />
        <fieldset className={errors.categories ? "has-error" : ""}>
          <legend>{t("web.lists.categories")}</legend>
          {categories.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={cats.includes(c)} onChange={(e) => setCats(e.target.checked ? [...cats, c] : cats.filter((x) => x !== c))} /> {label("common.category", c)}
            </label>
          ))}
          {errors.categories && (
            <span className="error" role="alert">
              {errors.categories}
            </span>
          )}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={allForAll} onChange={(e) => setAllForAll(e.target.checked)} /> {t("web.lists.allForAll")}
        </label>
        <FormError message={error ?? errors.filters} />
        <button type="submit" className="primary">
          {t("web.lists.create")}
        </button>
      </form>
    </section>
  );
}
