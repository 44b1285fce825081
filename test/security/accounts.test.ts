import { describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { desc, eq } from "drizzle-orm";
import { auditEvent } from "../../src/db/schema/audit.js";
import { createUser } from "../../src/services/accounts.js";
import { currentCode } from "../../src/services/secondFactor.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { makeUser, signInHeaders, TEST_PASSWORD } from "../helpers/factories.js";

// TOTP enrolment and verification, its enforcement for admins and coordinators, recovery codes,
// lock-outs, and invitation-only account administration.

let rt: TestRuntime;
let app: FastifyInstance;
let ip = 0;
const addr = () => `192.0.2.${(ip++ % 250) + 1}`;

useTestServer((s) => ({ rt, app } = s));

async function passwordSignIn(email: string, password = TEST_PASSWORD, remoteAddress = addr()) {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password }, remoteAddress });
  const body = res.json() as { token: string; csrfToken: string; secondFactor: string | null };
  const cookie = res.cookies.find((c) => c.name === "aff_session");
  return { res, body, headers: { cookie: `aff_session=${cookie?.value}`, "x-csrf-token": body.csrfToken } };
}

const post = (url: string, headers: Record<string, string>, payload: object = {}) => app.inject({ method: "POST", url, headers, payload, remoteAddress: addr() });

describe("second factor", () => {
  it("a coordinator without a factor must enrol before using the API; then verifies at each sign-in", async () => {
    const t0 = new Date("2026-03-01T10:00:00Z");
    rt.setNow(t0);
    const email = "coord-enrol@example.org";
    await createUser(rt.systemCtx(), { email, role: "coordinator", password: TEST_PASSWORD });
    const s1 = await passwordSignIn(email);
    expect(s1.body.secondFactor).toBe("enrol");
    expect((await app.inject({ url: "/api/v1/people", headers: s1.headers })).statusCode).toBe(401);
    // Without the CSRF header a cookie session cannot enrol (a cross-site form could otherwise start it).
    expect((await post("/api/v1/auth/totp/enrol", { cookie: s1.headers.cookie })).statusCode).toBe(403);
    const enrol = await post("/api/v1/auth/totp/enrol", s1.headers);
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri } = enrol.json() as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect((await post("/api/v1/auth/totp/confirm", s1.headers, { code: "000000" })).statusCode).toBe(401);
    const confirm = await post("/api/v1/auth/totp/confirm", s1.headers, { code: currentCode(secret, t0) });
    expect(confirm.statusCode).toBe(200);
    const recovery = confirm.json().recoveryCodes as string[];
    expect(recovery).toHaveLength(10);
    expect((await app.inject({ url: "/api/v1/people", headers: s1.headers })).statusCode).toBe(200);

    // Next sign-in: pending until a code; a pending session cannot replace the enrolled factor.
    const t1 = new Date(t0.getTime() + 120_000);
    rt.setNow(t1);
    const s2 = await passwordSignIn(email);
    expect(s2.body.secondFactor).toBe("verify");
    expect((await app.inject({ url: "/api/v1/people", headers: s2.headers })).statusCode).toBe(401);
    expect((await post("/api/v1/auth/totp/enrol", s2.headers)).statusCode).toBe(403);
    const code = currentCode(secret, t1);
    expect((await post("/api/v1/auth/totp/verify", s2.headers, { code })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/v1/people", headers: s2.headers })).statusCode).toBe(200);

    // The same code is refused for another session (replay), a recovery code works exactly once.
    const s3 = await passwordSignIn(email);
    expect((await post("/api/v1/auth/totp/verify", s3.headers, { code })).statusCode).toBe(401);
    expect((await post("/api/v1/auth/totp/verify", s3.headers, { recoveryCode: recovery[0]!.toUpperCase() })).statusCode).toBe(200);
    const s4 = await passwordSignIn(email);
    expect((await post("/api/v1/auth/totp/verify", s4.headers, { recoveryCode: recovery[0] })).statusCode).toBe(401);

    const types = (await rt.database.db.select({ type: auditEvent.type }).from(auditEvent).orderBy(desc(auditEvent.seq)).limit(12)).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(["user.totpEnrolled", "user.secondFactorVerified", "user.secondFactorFailed"]));
    rt.setNow(new Date());
  });

  it("locks the account after five wrong codes", async () => {
    const { email } = await makeUser(rt, "admin");
    const s = await passwordSignIn(email);
    for (let i = 0; i < 5; i++) expect((await post("/api/v1/auth/totp/verify", s.headers, { code: "123456" })).statusCode).toBe(401);
    expect((await post("/api/v1/auth/totp/verify", s.headers, { code: "123456" })).statusCode).toBe(429);
    expect((await passwordSignIn(email)).res.statusCode).toBe(429);
  });

  it("promoting a volunteer to coordinator pends their sessions until they enrol", async () => {
    const admin = await makeUser(rt, "admin");
    const ha = await signInHeaders(app, admin.email);
    const vol = await makeUser(rt, "volunteer");
    const sv = await passwordSignIn(vol.email);
    expect(sv.body.secondFactor).toBeNull();
    expect((await app.inject({ url: "/api/v1/people", headers: sv.headers })).statusCode).toBe(200);
    const patched = await app.inject({ method: "PATCH", url: `/api/v1/users/${vol.user.id}`, headers: ha, payload: { role: "coordinator" } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().secondFactor).toBe("required_missing");
    // Role changes end sessions; a new one is pending enrolment.
    expect((await app.inject({ url: "/api/v1/people", headers: sv.headers })).statusCode).toBe(401);
    expect((await passwordSignIn(vol.email)).body.secondFactor).toBe("enrol");
  });
});

describe("sign-in lock-out and rate limit", () => {
  it("backs off the (account, address) pair after five wrong passwords, known and unknown accounts alike; others still sign in", async () => {
    const { email } = await makeUser(rt, "researcher");
    const attacker = "203.0.113.66";
    const answers = async (account: string, from: string) => {
      const out: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const r = await passwordSignIn(account, "wrong password 123", from);
        out.push([r.res.statusCode, r.res.json().message]);
      }
      return out;
    };
    const known = await answers(email, attacker);
    const unknown = await answers("nobody@example.org", "203.0.113.67");
    // Identical answers: nothing tells the attacker which address has an account.
    expect(known).toEqual(unknown);
    expect(known.map(([s]) => s)).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password waits from that address ...
    expect((await passwordSignIn(email, TEST_PASSWORD, attacker)).res.statusCode).toBe(429);
    // ... but the account's owner, elsewhere, is not locked out.
    expect((await passwordSignIn(email)).res.statusCode).toBe(200);
    // The wait doubles with each further failure once it has passed, up to an hour.
    rt.setNow(new Date(Date.now() + 61_000));
    expect((await passwordSignIn(email, "wrong password 123", attacker)).res.statusCode).toBe(401);
    rt.setNow(new Date(Date.now() + 61_000 + 61_000));
    expect((await passwordSignIn(email, TEST_PASSWORD, attacker)).res.statusCode).toBe(429);
    rt.setNow(new Date());
  });

  it("sign-in hands the session token only as an HttpOnly cookie; a session pending its second factor can sign out", async () => {
    const { email } = await makeUser(rt, "admin");
    const s = await passwordSignIn(email);
    expect(s.body.secondFactor).toBe("verify");
    expect(JSON.stringify(s.body)).not.toContain(s.headers.cookie.split("=")[1]!);
    expect(s.res.cookies.find((c) => c.name === "aff_session")?.httpOnly).toBe(true);
    expect((await post("/api/v1/auth/sign-out", { cookie: s.headers.cookie })).statusCode).toBe(403); // CSRF still checked
    expect((await post("/api/v1/auth/sign-out", s.headers)).statusCode).toBe(200);
    // The session is gone: not even the second factor can be completed with it.
    expect((await post("/api/v1/auth/totp/verify", s.headers, { code: "123456" })).statusCode).toBe(401);
  });

  it("limits sign-in attempts per client address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: `x${i}@example.org`, password: "y" }, remoteAddress: "198.51.100.7" })).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe("accounts are invitation-only and administered by admins", () => {
  it("admins invite; the invited person sets a password; others cannot invite", async () => {
    const admin = await makeUser(rt, "admin");
    const ha = await signInHeaders(app, admin.email);
    const coord = await makeUser(rt, "coordinator");
    const hc = await signInHeaders(app, coord.email);
    expect((await app.inject({ method: "POST", url: "/api/v1/users/invitations", headers: hc, payload: { email: "new@example.org", role: "researcher" } })).statusCode).toBe(403);
    const inv = await app.inject({ method: "POST", url: "/api/v1/users/invitations", headers: ha, payload: { email: "new@example.org", role: "researcher" } });
    expect(inv.statusCode).toBe(201);
    const token = inv.json().token as string;
    const accept = await app.inject({ method: "POST", url: `/api/v1/invitations/${token}/accept`, payload: { password: "a long new password 42" }, remoteAddress: addr() });
    expect(accept.statusCode).toBe(201);
    expect(accept.json().role).toBe("researcher");
    // One-time link.
    expect((await app.inject({ method: "POST", url: `/api/v1/invitations/${token}/accept`, payload: { password: "a long new password 42" }, remoteAddress: addr() })).statusCode).toBe(404);
    const list = await app.inject({ url: "/api/v1/users", headers: ha });
    expect(list.json().items.map((u: { email: string }) => u.email)).toContain("new@example.org");
    expect(JSON.stringify(list.json())).not.toMatch(/argon2|totp_secret|v1\./);
  });

  it("deactivating ends sessions; an admin cannot deactivate themselves", async () => {
    const admin = await makeUser(rt, "admin");
    const ha = await signInHeaders(app, admin.email);
    const r = await makeUser(rt, "researcher");
    const hr = await signInHeaders(app, r.email);
    expect((await app.inject({ method: "DELETE", url: `/api/v1/users/${r.user.id}`, headers: ha })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/v1/people", headers: hr })).statusCode).toBe(401);
    expect((await passwordSignIn(r.email)).res.statusCode).toBe(401);
    expect((await app.inject({ method: "DELETE", url: `/api/v1/users/${admin.user.id}`, headers: ha })).statusCode).toBe(400);
    const [row] = await rt.database.db.select().from(auditEvent).where(eq(auditEvent.targetId, r.user.id)).orderBy(desc(auditEvent.seq)).limit(1);
    expect(row?.type).toBe("user.updated");
  });
});
