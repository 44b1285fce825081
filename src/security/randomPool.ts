import { randomBytes, randomFillSync } from "node:crypto";

// Random bytes for the IVs of AES-GCM seals, taken from a pool filled by the same CSPRNG (OpenSSL's) as
// crypto.randomBytes: each call of randomBytes is a round trip into OpenSSL, and with one IV per sealed value an
// import of 100,000 people spent ≈ 5 % of its importer thread in them (CPU profile of bench/import.ts, session 10).
// Node's randomUUID pools its randomness the same way. Each IV is copied out of the pool, never shared. The
// import's ordered row ids (src/db/rowIds.ts) draw their random bits from the same pool.

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

/** `n` random bytes (a new buffer), from the pool for small `n`. */
export function pooledRandomBytes(n: number): Buffer {
  if (n > POOL_BYTES / 8) return randomBytes(n);
  const out = Buffer.allocUnsafe(n);
  pooledRandomFill(out);
  return out;
}

/** Fills `out` (at most POOL_BYTES / 8 bytes) with random bytes from the pool, without allocating. */
export function pooledRandomFill(out: Uint8Array): void {
  const n = out.length;
  if (used + n > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  out.set(pool.subarray(used, used + n));
  // Bytes handed out are not left behind in the pool.
  pool.fill(0, used, used + n);
  used += n;
}
