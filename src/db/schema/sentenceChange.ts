/** A later court decision as stored on a case (criminal_case.sentence_changes); mirrors the domain's SentenceChange. */
export interface StoredSentenceChange {
  date: string;
  stage: string;
  outcome?: string;
  term?: { years: number; months: number; days: number };
  regime?: string;
  articles?: { code: string; article: string; part?: string | null; paragraph?: string | null }[];
  termStart?: string;
  combinedUnder?: "69.5" | "70";
  releasedOn?: string;
  pending?: boolean;
  note?: string;
}
