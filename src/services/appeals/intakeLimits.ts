import type { Db } from "../../db/client.js";
import * as intake from "../../db/repositories/appealIntake.js";
import { takeRateCount } from "../../db/repositories/rateLimits.js";
import type { ServiceContext } from "../context.js";
import { clientTag, HOUR_MS, hourOf } from "./intakeKeys.js";

// Flood limits of the appeal intake, kept in the database so that every server process shares them:
// - per client: a keyed hash of its address (the key changes every hour) may hold this many appeals an hour;
// - per organisation, adaptive: an hour may hold `factor` × the busiest hour of the past four weeks, never
//   fewer than `floor` (a quiet organisation can still receive a sudden wave, e.g. after mass arrests) and never
//   more than `cap`, the hard bound on the queue. Past it, families are told to try again later or write by
//   another channel, and the form keeps what they typed.
// Behind a Tor onion service every visitor has the same address: raise ALLFORALL_APPEAL_CLIENT_HOURLY there.

export interface IntakeLimits {
  perClientPerHour: number;
  floor: number;
  factor: number;
  cap: number;
}

function positive(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

export function intakeLimits(): IntakeLimits {
  return {
    perClientPerHour: positive("ALLFORALL_APPEAL_CLIENT_HOURLY", 10),
    floor: positive("ALLFORALL_APPEAL_HOURLY_FLOOR", 30),
    factor: 3,
    cap: positive("ALLFORALL_APPEAL_QUEUE_CAP", 200),
  };
}

const allowanceCache = new Map<string, { until: number; n: number }>();

/** How many appeals the organisation's current hour may hold (recomputed every 10 minutes). */
export async function hourlyAllowance(ctx: ServiceContext, organisationId: string, limits = intakeLimits()): Promise<number> {
  const now = ctx.now().getTime();
  const cached = allowanceCache.get(organisationId);
  if (cached && cached.until > now && cached.until - now <= 600_000) return cached.n;
  const busiest = await intake.busiestHourSince(ctx.db, organisationId, new Date(now - 28 * 24 * HOUR_MS));
  const n = Math.min(limits.cap, Math.max(limits.floor, limits.factor * busiest));
  allowanceCache.set(organisationId, { until: now + 600_000, n });
  return n;
}

/** Count one appeal from this client; false when it has reached its hourly allowance. */
export async function clientMayHold(ctx: ServiceContext, db: Db, client: string, limits = intakeLimits()): Promise<boolean> {
  const hour = hourOf(ctx.now());
  const n = await takeRateCount(db, `appeal-client:${clientTag(ctx.cipher, client, hour)}`, hour, new Date(hour.getTime() + HOUR_MS), 1);
  return n <= limits.perClientPerHour;
}
