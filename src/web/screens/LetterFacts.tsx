import { useState, type ReactNode } from "react";
import { ApiError, patch } from "../api.js";
import { FormError } from "../components/Field.js";
import { useI18n } from "../i18n.js";

// What the reader found in an appeal's running text (src/domain/appeals/readText.ts), shown in the letter
// itself: each fact is marked where it was read, so the coordinator sees the evidence before using it.

interface Span {
  start: number;
  end: number;
  text: string;
}
export interface LetterFactsData {
  people: { name: string; birthDate: string | null; span: Span; birthSpan: Span | null }[];
  facilities: { value: string; span: Span }[];
  articles: { value: string; span: Span }[];
  detentionDate: { value: string; span: Span } | null;
  relation: { value: string; span: Span } | null;
  signedBy: { value: string; span: Span } | null;
}

type Kind = "person" | "birth" | "facility" | "article" | "detention" | "relation";

function marks(f: LetterFactsData): { span: Span; kind: Kind }[] {
  const all: { span: Span; kind: Kind }[] = [
    ...f.people.flatMap((p) => [{ span: p.span, kind: "person" as const }, ...(p.birthSpan ? [{ span: p.birthSpan, kind: "birth" as const }] : [])]),
    ...f.facilities.map((x) => ({ span: x.span, kind: "facility" as const })),
    ...f.articles.map((x) => ({ span: x.span, kind: "article" as const })),
    ...(f.detentionDate ? [{ span: f.detentionDate.span, kind: "detention" as const }] : []),
    ...(f.relation ? [{ span: f.relation.span, kind: "relation" as const }] : []),
    ...(f.signedBy ? [{ span: f.signedBy.span, kind: "relation" as const }] : []),
  ].sort((a, b) => a.span.start - b.span.start);
  // Overlapping marks would cut each other: keep the first.
  const out: typeof all = [];
  for (const m of all) if (!out.length || m.span.start >= out[out.length - 1]!.span.end) out.push(m);
  return out;
}

/** The letter with what was read marked in it. */
export function MarkedLetter({ text, facts }: { text: string; facts: LetterFactsData | null }) {
  const { t } = useI18n();
  if (!facts) return <blockquote className="appeal-text">{text}</blockquote>;
  const parts: ReactNode[] = [];
  let at = 0;
  marks(facts).forEach((m, i) => {
    if (m.span.start > at) parts.push(text.slice(at, m.span.start));
    parts.push(
      <mark key={i} className={`read-${m.kind}`} title={t(`web.letter.kind.${m.kind}`)}>
        {text.slice(m.span.start, m.span.end)}
      </mark>,
    );
    at = m.span.end;
  });
  parts.push(text.slice(at));
  return <blockquote className="appeal-text">{parts}</blockquote>;
}

/** The people the letter names, each with a button that makes them who the appeal is about. */
export function LetterPeople({ appealId, facts, current, onUsed }: { appealId: string; facts: LetterFactsData; current: string | null; onUsed: () => void }) {
  const { t, date } = useI18n();
  const [error, setError] = useState<string | null>(null);
  if (!facts.people.length) return <p className="muted">{t("web.letter.nobody")}</p>;
  const use = async (p: LetterFactsData["people"][number]) => {
    setError(null);
    try {
      await patch(`/api/v1/appeals/${appealId}`, {
        heldName: p.name,
        heldBirthDate: p.birthDate,
        heldWhere: facts.facilities[0]?.value ?? null,
        heldArticle: facts.articles.length ? [...new Set(facts.articles.map((a) => a.value))].join(", ") : null,
        heldSince: facts.detentionDate?.value ?? null,
      });
      onUsed();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex.message : String(ex));
    }
  };
  return (
    <div className="letter-people">
      <h3>{t("web.letter.title")}</h3>
      <FormError message={error} />
      <ul>
        {facts.people.map((p, i) => (
          <li key={i}>
            <strong>{p.name}</strong>
            {p.birthDate && <> · {p.birthDate.length === 4 ? p.birthDate : date(p.birthDate)}</>} <span className="muted">«{p.span.text}»</span>{" "}
            {current === p.name ? (
              <span className="badge">{t("web.letter.inUse")}</span>
            ) : (
              <button type="button" className="small secondary" onClick={() => void use(p)}>
                {t("web.letter.use")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {(facts.relation || facts.signedBy) && <p className="muted">{t("web.letter.relation", { relation: [facts.relation?.value, facts.signedBy?.value].filter(Boolean).join(", ") })}</p>}
    </div>
  );
}
