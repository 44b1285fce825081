import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Runtime } from "../../src/app/runtime.js";
import type { Role } from "../../src/db/schema/enums.js";
import { personAssignment } from "../../src/db/schema/person.js";
import { createUser } from "../../src/services/accounts.js";
import type { Actor } from "../../src/services/context.js";
import { addCase, createPerson } from "../../src/services/people.js";
import type { CaseInput, PersonInput } from "../../src/services/personInput.js";

export const TEST_PASSWORD = "correct horse battery staple";

export async function makeUser(rt: Runtime, role: Role, email = `${role}-${randomBytes(4).toString("hex")}@example.org`) {
  const user = await createUser(rt.systemCtx(), { email, role, password: TEST_PASSWORD });
  const actor: Actor = { kind: "user", userId: user.id, organisationId: user.organisationId, role, label: email };
  return { user, actor, ctx: rt.ctx(actor), email };
}

let seq = 0;
export async function makePerson(rt: Runtime, overrides: Partial<PersonInput> = {}) {
  seq++;
  return createPerson(rt.systemCtx(), {
    externalId: `T-${seq}-${randomBytes(3).toString("hex")}`,
    primaryName: "Горинов Алексей Александрович",
    alternateNames: ["Alexei Gorinov"],
    sex: "male",
    birthDate: "1961-07-08",
    homeRegion: "Moscow",
    category: "ru_political_prisoner",
    status: "in_colony",
    ...overrides,
  });
}

export async function makeCase(rt: Runtime, personId: string, overrides: Partial<CaseInput> = {}) {
  return addCase(rt.systemCtx(), personId, {
    court: "Мещанский районный суд Москвы",
    detainedOn: "2022-04-26",
    verdictOn: "2022-07-08",
    sentenceYears: 7,
    regime: "general",
    articles: [{ code: "RU_CC", article: "207.3", part: "2" }],
    custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-26", toDate: "2022-09-19" }],
    ...overrides,
  });
}

export async function assignPerson(rt: Runtime, personId: string, userId: string) {
  await rt.database.db.insert(personAssignment).values({ personId, userId });
}

/** Sign in through the real route and return headers that carry the session and the CSRF token. */
export async function signInHeaders(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { csrfToken: string; token: string };
  const cookie = res.cookies.find((c) => c.name === "aff_session")!;
  return { cookie: `aff_session=${cookie.value}`, "x-csrf-token": body.csrfToken };
}
