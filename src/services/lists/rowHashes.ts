/**
 * The start-up data migration of list versions stored before row hashes: each row's hash is taken over its
 * content while it is still in clear (migration 0027 gathered it into the `personal` column), before the
 * rows are sealed. Those versions keep their printed hash (scheme 1); the row hashes let their other rows be
 * checked after an erasure replaces one (checkVersion).
 */
import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/exchangeLists.js";
import type { ListRowPersonal } from "../../db/schema/exchangeList.js";
import { isFieldSealed, isPersonSealed, openSealed, openWithoutPerson } from "../../security/personKeys.js";
import { toRowData } from "./common.js";
import { rowHash } from "./rows.js";

function openPersonal(v: string | null): ListRowPersonal | null {
  if (v === null) return null;
  const text = isPersonSealed(v) ? openSealed(v) : isFieldSealed(v) ? openWithoutPerson(v) : v;
  try {
    return JSON.parse(text) as ListRowPersonal;
  } catch {
    return null; // "[erased]": its key is gone
  }
}

/** Hash every row without a hash, in batches of one transaction each; returns how many rows were hashed. */
export async function hashUnhashedListRows(db: Db, batchSize = 2000): Promise<number> {
  let n = 0;
  for (;;) {
    const batch = await repo.unhashedRows(db, batchSize);
    if (!batch.length) return n;
    const hashes = batch.map((r) => ({ id: r.id, rowHash: rowHash(toRowData({ ...r, personal: openPersonal(r.personal) })) }));
    await db.transaction((t) => repo.setRowHashes(t, hashes));
    n += batch.length;
  }
}
