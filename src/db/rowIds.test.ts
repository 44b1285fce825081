import { afterEach, describe, expect, it, vi } from "vitest";
import { orderedRowId } from "./rowIds.js";

const timeOf = (id: string) => parseInt(id.replace(/-/g, "").slice(0, 12), 16);
// Lower-case hex of fixed width: text order is PostgreSQL's uuid (byte) order.
const increasing = (ids: string[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]!);

describe("orderedRowId", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives UUIDv7 ids with the clock's time that grow in the order they were made and never repeat", () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => orderedRowId());
    for (const id of ids.slice(0, 500)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(increasing(ids)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(timeOf(ids[0]!)).toBeGreaterThanOrEqual(before);
  });

  it("within one millisecond the count keeps them in order, and a count that runs over moves the time on", () => {
    const t = Date.now() + 60_000;
    vi.spyOn(Date, "now").mockReturnValue(t);
    const ids = Array.from({ length: 10_000 }, () => orderedRowId());
    expect(increasing(ids)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(timeOf(ids[0]!)).toBe(t);
    // At least 2,048 ids a millisecond (the count starts below 2,048 of its 4,096): at most 5 ms on for 10,000.
    expect(timeOf(ids.at(-1)!)).toBeGreaterThan(t);
    expect(timeOf(ids.at(-1)!)).toBeLessThanOrEqual(t + 5);
  });
});
