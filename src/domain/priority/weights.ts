/**
 * Priority weights: a versioned, validated configuration. Coordinators edit weights;
 * each edit is a new version (never an in-place change), so every stored score can say
 * which weights produced it. See docs/priority.md.
 */
import { z } from "zod";

export const HEALTH_SEVERITIES = ["none", "mild", "moderate", "severe", "critical"] as const;
export type HealthSeverity = (typeof HEALTH_SEVERITIES)[number];

export const CONDITION_KINDS = [
  "torture",
  "punishment_cell",
  "solitary_confinement",
  "denied_medical_care",
  "incommunicado",
  "threats_or_pressure",
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export const CONDITION_LABELS: Readonly<Record<ConditionKind, string>> = {
  torture: "torture or ill-treatment",
  punishment_cell: "punishment cell (ShIZO/PKT)",
  solitary_confinement: "solitary confinement",
  denied_medical_care: "denied medical care",
  incommunicado: "held incommunicado / no lawyer access",
  threats_or_pressure: "threats or pressure",
};

export const PUBLIC_PROFILES = ["low", "medium", "high", "unknown"] as const;
export type PublicProfile = (typeof PUBLIC_PROFILES)[number];

const points = z.number().finite().min(0).max(1000);

export const PriorityWeightsSchema = z
  .object({
    version: z.number().int().positive(),
    note: z.string().optional(),
    health: z.object({
      severity: z.object({
        none: points,
        mild: points,
        moderate: points,
        severe: points,
        critical: points,
      }),
      /** Added when an ICD-10 code matches an illness on the Decree No. 54 list. */
      decree54Listed: points,
    }),
    age: z.object({
      minor: points,
      youngMaxAge: z.number().int().min(18).max(30),
      young: points,
      elderly65: points,
      elderly70: points,
    }),
    remaining: z.object({
      /** Bands by years left to release; the first band whose minYears ≤ remaining wins. */
      bands: z
        .array(z.object({ minYears: z.number().min(0), points }))
        .min(1)
        .refine((b) => b.every((x, i) => i === 0 || b[i - 1]!.minYears > x.minYears), "bands must be in strictly decreasing minYears")
        .refine((b) => b[b.length - 1]!.minYears === 0, "the last band must start at 0 years"),
      /** No release date: pre-trial, not yet computed. */
      unknown: points,
      /** Life imprisonment. */
      life: points,
    }),
    dependants: z.object({
      perMinorChild: points,
      perOtherDependant: points,
      cap: points,
    }),
    conditions: z.object({
      kinds: z.object({
        torture: points,
        punishment_cell: points,
        solitary_confinement: points,
        denied_medical_care: points,
        incommunicado: points,
        threats_or_pressure: points,
      }),
      /** Multiplier for reports not (yet) verified, 0..1. */
      unverifiedFactor: z.number().min(0).max(1),
      cap: points,
    }),
    publicProfile: z.object({ low: points, medium: points, high: points, unknown: points }),
    /**
     * Caring for others, after CC art. 82 (deferral for pregnant women, women with a child under 14, men who
     * are a child's only parent) and the sole carer of a child or a dependent adult. Optional: weights stored
     * before this part existed give it 0 points and say so.
     */
    care: z.object({ pregnancy: points, childUnder14: points, soleCarer: points, cap: points }).strict().optional(),
    /** Factors added by an admin without code: each with a key, its label in three languages and its points. */
    factors: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "a key of lower-case letters, digits and _ (2–40)"),
            labels: z.object({ en: z.string().trim().min(1).max(100), ru: z.string().trim().min(1).max(100), uk: z.string().trim().min(1).max(100) }).strict(),
            points,
          })
          .strict(),
      )
      .max(30)
      .refine((f) => new Set(f.map((x) => x.key)).size === f.length, "each factor key once")
      .optional(),
  })
  .strict();

export type PriorityWeights = z.infer<typeof PriorityWeightsSchema>;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = deepFreeze<PriorityWeights>({
  version: 1,
  note: "Initial defaults: health and reported ill-treatment weigh most; see docs/priority.md.",
  health: {
    severity: { none: 0, mild: 5, moderate: 15, severe: 30, critical: 45 },
    decree54Listed: 25,
  },
  age: { minor: 25, youngMaxAge: 21, young: 5, elderly65: 10, elderly70: 20 },
  remaining: {
    bands: [
      { minYears: 10, points: 20 },
      { minYears: 5, points: 15 },
      { minYears: 2, points: 10 },
      { minYears: 1, points: 5 },
      { minYears: 0, points: 0 },
    ],
    unknown: 10,
    life: 25,
  },
  dependants: { perMinorChild: 5, perOtherDependant: 3, cap: 15 },
  conditions: {
    kinds: {
      torture: 25,
      punishment_cell: 10,
      solitary_confinement: 10,
      denied_medical_care: 15,
      incommunicado: 10,
      threats_or_pressure: 5,
    },
    unverifiedFactor: 0.5,
    cap: 40,
  },
  publicProfile: { low: 10, medium: 5, high: 0, unknown: 5 },
  care: { pregnancy: 30, childUnder14: 20, soleCarer: 15, cap: 40 },
  factors: [],
});

/** Validate weights; throws a ZodError listing every problem. */
export function parsePriorityWeights(input: unknown): PriorityWeights {
  return PriorityWeightsSchema.parse(input);
}

/**
 * The next version of the weights: validates the edited config and stamps it with
 * `previous.version + 1` (whatever version the edit carried).
 */
export function nextPriorityWeights(previous: PriorityWeights, edited: Omit<PriorityWeights, "version"> & { version?: number }): PriorityWeights {
  return parsePriorityWeights({ ...edited, version: previous.version + 1 });
}
