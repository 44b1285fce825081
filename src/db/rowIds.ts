import { pooledRandomFill } from "../security/randomPool.js";

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
  pooledRandomFill(random);
  let tail = "";
  for (let i = 2; i < 8; i++) tail += HEX[random[i]!];
  // tttttttt-tttt-7ccc-vrrr-rrrrrrrrrrrr: version 7, the count, then variant 10 and 62 random bits.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${(counter | 0x1000).toString(16).slice(1)}-${HEX[0x80 | (random[0]! & 0x3f)]}${HEX[random[1]!]}-${tail}`;
}

let lastMs = 0;
let counter = 0;
/** The random bytes of one id (the count's random start takes the first). */
const random = new Uint8Array(8);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function randomByte(): number {
  pooledRandomFill(random);
  return random[0]!;
}
