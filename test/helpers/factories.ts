import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Runtime } from "../../src/app/runtime.js";
import type { Role } from "../../src/db/schema/enums.js";
import { eq } from "drizzle-orm";
import { findUserById } from "../../src/db/repositories/users.js";
import { appUser, userSession } from "../../src/db/schema/organisation.js";
import { personAssignment } from "../../src/db/schema/person.js";
import { assigneeKey } from "../../src/security/assignmentKeys.js";
import { tokenHash } from "../../src/security/tokens.js";
import { roleRequiresSecondFactor } from "../../src/services/secondFactor.js";
import { createUser } from "../../src/services/accounts.js";
import type { Actor } from "../../src/services/context.js";
import { addCase, createPerson } from "../../src/services/people.js";
import type { CaseInput, PersonInput } from "../../src/services/personInput.js";

export const TEST_PASSWORD = "correct horse battery staple";
export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

// Which runtime each test user lives in, so signInHeaders can complete the second factor for them.
const runtimeOfEmail = new Map<string, Runtime>();

export async function makeUser(rt: Runtime, role: Role, email = `${role}-${randomBytes(4).toString("hex")}@example.org`) {
  const created = await createUser(rt.systemCtx(), { email, role, password: TEST_PASSWORD });
  runtimeOfEmail.set(email.toLowerCase(), rt);
  // Admins and coordinators must have a TOTP factor (src/services/secondFactor.ts): enrol a fixed test secret.
  if (roleRequiresSecondFactor(role)) await rt.database.db.update(appUser).set({ totpSecretEnc: rt.cipher.seal(TEST_TOTP_SECRET) }).where(eq(appUser.id, created.id));
  const user = (await findUserById(rt.database.db, created.id))!;
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
  // As the service stores it: the lawyer as a keyed hash (src/security/assignmentKeys.ts), never the user id.
  await rt.database.db.insert(personAssignment).values({ personId, userKey: assigneeKey(rt.cipher, userId) });
}

/** Sign in through the real route and return headers that carry the session and the CSRF token. */
export async function signInHeaders(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  // A fresh client address per sign-in: the route's rate limit (10/min per address) is tested on its own.
  const remoteAddress = `10.${randomBytes(3).join(".")}`;
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { csrfToken: string; secondFactor: "verify" | "enrol" | null };
  const cookie = res.cookies.find((c) => c.name === "aff_session")!;
  if (body.secondFactor) {
    // The TOTP flow itself is tested in test/security/totp.test.ts; here the session is marked verified directly,
    // because replay protection refuses a second sign-in with the same code within 30 s.
    const rt = runtimeOfEmail.get(email.toLowerCase());
    if (!rt) throw new Error(`${email} needs a second factor: create it with makeUser`);
    await rt.database.db.update(userSession).set({ secondFactorDone: true }).where(eq(userSession.tokenHash, tokenHash(cookie.value)));
  }
  return { cookie: `aff_session=${cookie.value}`, "x-csrf-token": body.csrfToken };
}

/** Two registered people who consent to an exchange, each with a case: what the list scenarios build lists from. */
export async function makeExchangeCandidates(rt: Runtime) {
  const gorinov = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: [], birthDate: "1961-07-08", exchangeConsent: "consents" });
  await makeCase(rt, gorinov.id);
  const karaMurza = await makePerson(rt, { primaryName: "Кара-Мурза Владимир Владимирович", alternateNames: ["Vladimir Kara-Murza"], birthDate: "1981-09-07", exchangeConsent: "consents" });
  await makeCase(rt, karaMurza.id, { sentenceYears: 25, regime: "strict", articles: [{ code: "RU_CC", article: "275" }] });
  return { gorinovId: gorinov.id, karaMurzaId: karaMurza.id };
}
