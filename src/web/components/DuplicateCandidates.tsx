import { useI18n } from "../i18n.js";
import { Link } from "../router.js";

/** A registered person the matcher takes for the one being added (POST /api/v1/people's 409 or warnings). */
export interface DuplicateCandidate {
  id: string;
  name: string;
  birthDate: string | null;
  score: number;
  explanation: string[];
}

/** The candidates with the matcher's reasons, each a link to the existing record. */
export function DuplicateCandidates({ candidates }: { candidates: DuplicateCandidate[] }) {
  const { t } = useI18n();
  return (
    <ul className="candidates">
      {candidates.map((c) => (
        <li key={c.id}>
          <Link to={`/people/${c.id}`}>{t("web.dup.openExisting", { name: c.name })}</Link>
          {c.birthDate ? `, ${t("web.dup.born", { date: c.birthDate })}` : ""} — {t("web.dup.score", { score: c.score.toFixed(2) })}
          <ul className="explanation">
            {c.explanation.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
