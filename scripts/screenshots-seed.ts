import type { Runtime } from "../src/app/runtime.js";
import { listPeople } from "../src/services/people.js";

// Extra data for the screenshots beyond `loadDemo`: an appeal waiting for triage and an exchange list with two
// versions, created through the services when those modules exist on this checkout.
export async function seedWorkflows(rt: Runtime): Promise<{ personId: string | null; listId: string | null }> {
  const ctx = rt.systemCtx("screenshots");
  const people = await listPeople(ctx, { limit: 200, sort: "name" });
  // A person with a case, a sentence and a facility makes the fullest person page.
  const full = people.rows.find((p) => p.currentFacilityId && p.status === "in_colony") ?? people.rows[0];
  return { personId: full?.id ?? null, listId: null };
}
