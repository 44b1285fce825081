import { randomFillSync } from "node:crypto";

/**
 * Ids for the rows an import writes by the thousand under each new person (names, cases, their articles and custody
 * periods, status events, review items): UUIDv7 (RFC 9562) — the time in milliseconds, then 74 random bits — so
 * that one batch's ids, and the case ids its articles and custody periods point at, grow in order. Every such
 * index entry then lands on the right-most leaf of its B-tree instead of a random one: 1.2 s less of PGlite's CPU
 * in a 100,000-row import (session 10, bench/import.ts). People keep random (v4) ids: a person's id is the handle
 * the API and the public pages show, and the name of their key. Within one millisecond, ids still grow: the
 * 12 bits after the version count on from a random start (RFC 9562, method 1), and a count that runs over moves
 * the time on by a millisecond.
 */
export function orderedRowId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = randomByte() & 0x7ff; // room to count before the 12 bits run over
  } else {
    ms = lastMs;
    if (++counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  }
  const time = ms.toString(16).padStart(12, "0");
  take(8);
  let tail = "";
  for (let i = at - 6; i < at; i++) tail += HEX[pool[i]!];
  // tttttttt-tttt-7ccc-vrrr-rrrrrrrrrrrr: version 7, the count, then variant 10 and 62 random bits.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${(counter | 0x1000).toString(16).slice(1)}-${HEX[0x80 | (pool[at - 8]! & 0x3f)]}${HEX[pool[at - 7]!]}-${tail}`;
}

let lastMs = 0;
let counter = 0;
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let at = POOL_BYTES;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Makes the next `n` bytes of the pool fresh ones: they are pool[at - n … at - 1] afterwards. */
function take(n: number): void {
  if (at + n > POOL_BYTES) {
    randomFillSync(pool);
    at = 0;
  }
  at += n;
}

function randomByte(): number {
  take(1);
  return pool[at - 1]!;
}
