// Which organisation's registry the public site shows. One deployment publishes one registry: the default
// organisation unless ALLFORALL_PUBLIC_ORG names another slug. Cached per database handle.
import type { Db } from "../../db/client.js";
import { organisationIdBySlug } from "../../db/repositories/publicStats.js";
import { DEFAULT_ORGANISATION_SLUG } from "../../app/runtime.js";

const cache = new WeakMap<object, Promise<string | undefined>>();

export function publicOrganisationId(db: Db): Promise<string | undefined> {
  let p = cache.get(db);
  if (!p) {
    p = organisationIdBySlug(db, process.env.ALLFORALL_PUBLIC_ORG || DEFAULT_ORGANISATION_SLUG);
    // An organisation created later (first start-up) must be found on the next request, so absence is not cached.
    void p.then((id) => id === undefined && cache.delete(db));
    cache.set(db, p);
  }
  return p;
}
