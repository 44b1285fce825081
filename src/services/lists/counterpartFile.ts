/**
 * Reading a list received from the other side (CSV or XLSX). Their files come with headings in Russian,
 * Ukrainian or English and in no fixed order, so columns are recognised by name, not by position.
 */
import { listRowsOf, tableInvalid, type ListRow } from "../tabular/listRows.js";
import { openTable } from "../tabular/table.js";
import { invalid } from "../errors.js";

export type ReceivedRow = Omit<ListRow, "region">;

/** Their file through the one tabular reader (any encoding, separator, XLSX); rows without a name are not people. */
export async function readCounterpartFile(fileName: string, content: Buffer, today = new Date().toISOString().slice(0, 10)): Promise<ReceivedRow[]> {
  const table = await openTable(fileName, content).catch(tableInvalid);
  const out = listRowsOf(table, today)
    .filter((r) => r.name !== "")
    .map(({ region: _region, ...r }) => r);
  if (!out.length) throw invalid(`${fileName}: no rows with a name`);
  return out;
}
