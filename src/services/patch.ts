import { z } from "zod";

/**
 * The PATCH rule, one place for every route: a field not sent is left exactly as it is; an array sent replaces
 * the stored array; `null` clears a nullable field. A create schema's `.default(...)` must never reach a patch —
 * `schema.partial()` keeps it (zod applies a default inside an optional), so `PATCH {judge}` used to write
 * `articles: []` and erase a case's articles.
 */
export const PATCH_RULE = "Fields not sent are left exactly as they are; an array that is sent replaces the stored array; null clears a nullable field.";

type Patched<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer T> ? T : S[K]> };

/** Every field optional and without its default (nested item defaults stay: they shape a sent array's new items). */
export function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<Patched<S>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional()]),
  );
  return z.object(shape) as unknown as z.ZodObject<Patched<S>>;
}
