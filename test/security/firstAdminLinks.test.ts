import { describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { eq } from "drizzle-orm";
import { appUser } from "../../src/db/schema/organisation.js";
import { inviteUser, issueSetupInvitation } from "../../src/services/accounts.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { makeUser, TEST_PASSWORD } from "../helpers/factories.js";

// Links that make accounts: the first admin's set-up link, printed by every start (and every host and worker) while
// the organisation has no account, and an admin's invitation. Each makes at most one account, and a set-up link makes
// none once any account exists.

let rt: TestRuntime;
let app: FastifyInstance;
let ip = 0;
useTestServer((s) => ({ rt, app } = s));

const accept = (token: string, email: string) =>
  app.inject({ method: "POST", url: `/api/v1/invitations/${token}/accept`, payload: { email, displayName: email, password: TEST_PASSWORD }, remoteAddress: `198.51.100.${(ip++ % 250) + 1}` });
const describeLink = (token: string) => app.inject({ url: `/api/v1/invitations/${token}`, remoteAddress: `198.51.100.${(ip++ % 250) + 1}` });
const accounts = async () => (await rt.database.db.select({ email: appUser.email, role: appUser.role }).from(appUser).where(eq(appUser.organisationId, rt.organisationId))).length;

describe("the first admin's set-up links", () => {
  it("make one account between them, at once or one after another; the others are void from then on", async () => {
    expect(await accounts()).toBe(0);
    // Three starts before anyone signed up (a restart, two hosts): three links.
    const links = [];
    for (let i = 0; i < 3; i++) links.push((await issueSetupInvitation(rt.systemCtx("setup"), rt.organisationId))!);
    expect(new Set(links).size).toBe(3);
    for (const l of links) expect((await describeLink(l)).statusCode).toBe(200);
    // Two accepted at once: one account.
    const both = await Promise.all([accept(links[0]!, "first@example.org"), accept(links[1]!, "second@example.org")]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 404]);
    expect(await accounts()).toBe(1);
    // The third, later: void, and it says so before the form is filled in.
    expect((await describeLink(links[2]!)).statusCode).toBe(404);
    const late = await accept(links[2]!, "third@example.org");
    expect(late.statusCode).toBe(404);
    expect(await accounts()).toBe(1);
    // A start now prints no link at all.
    expect(await issueSetupInvitation(rt.systemCtx("setup"), rt.organisationId)).toBeNull();
  });
});

describe("an admin's invitation", () => {
  it("makes one account, even when two accept the link at once", async () => {
    const { ctx } = await makeUser(rt, "admin");
    const token = await inviteUser(ctx, { email: "invited@example.org", role: "researcher" });
    const before = await accounts();
    const both = await Promise.all([accept(token, "x@example.org"), accept(token, "y@example.org")]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 404]);
    expect(await accounts()).toBe(before + 1);
    expect((await accept(token, "z@example.org")).statusCode).toBe(404);
  });

  it("names its person: an invitation without an e-mail (the set-up link's form) is refused", async () => {
    const { ctx } = await makeUser(rt, "admin");
    await expect(inviteUser(ctx, { email: "", role: "admin" })).rejects.toThrow(/email/);
  });
});
