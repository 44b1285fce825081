import { sql } from "drizzle-orm";
import type { Db } from "../client.js";

/**
 * People's regions written as free text before regions became codes ("Novosibirsk Oblast", "Крым"): each distinct
 * text that `read` recognises is replaced by its ISO 3166-2 code; a text it does not recognise stays as it is (the
 * staff app flags it). Run at start-up, so a data folder from an older version is brought up to date.
 */
export async function codeRegionTexts(db: Db, read: (text: string) => string | null): Promise<{ coded: number; unknown: number }> {
  const r = (await db.execute(sql`select distinct home_region as t from person where home_region is not null and home_region !~ '^(RU|UA)-[A-Z0-9]{2,3}$'`)) as unknown as { rows: { t: string }[] };
  let coded = 0;
  let unknown = 0;
  for (const { t } of r.rows) {
    const code = read(t);
    if (!code) {
      unknown++;
      continue;
    }
    await db.execute(sql`update person set home_region = ${code} where home_region = ${t}`);
    coded++;
  }
  return { coded, unknown };
}
