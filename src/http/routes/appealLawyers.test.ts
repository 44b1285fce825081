import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { MIN_FILL_MS } from "../../services/appeals/formToken.js";
import { issueAppealFormToken, submitAppeal } from "../../services/appeals/submit.js";
import { appealIdByCode, FAMILY_ADDRESS } from "../../../test/helpers/appeals.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;

useTestServer((s) => ({ rt, app } = s));

describe("assigning a lawyer from triage", () => {
  it("lists active lawyers to coordinators (names only) and assigns one", async () => {
    const anon = rt.ctx({ kind: "anonymous" });
    const start = Date.now();
    rt.setNow(new Date(start));
    const token = issueAppealFormToken(anon, FAMILY_ADDRESS);
    rt.setNow(new Date(start + MIN_FILL_MS + 1000));
    const submitted = await submitAppeal(anon, { lang: "ru", token, heldName: "Иванов Сергей Петрович", requests: ["legal_help"] }, FAMILY_ADDRESS);
    const submittedId = await appealIdByCode(rt, submitted.code);
    rt.setNow(new Date());
    const lawyer = await makeUser(rt, "lawyer");
    await makeUser(rt, "researcher");
    const coordinator = await signInHeaders(app, (await makeUser(rt, "coordinator")).email);

    const list = await app.inject({ url: "/api/v1/appeals/lawyers", headers: coordinator });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([{ id: lawyer.user.id, displayName: lawyer.user.displayName }]);

    const queue = (await app.inject({ url: "/api/v1/appeals", headers: coordinator })).json();
    const appealId = queue.items[0].id as string;
    expect(submitted).toBeTruthy();
    const res = await app.inject({ method: "POST", url: `/api/v1/appeals/${appealId}/assign`, headers: coordinator, payload: { userId: lawyer.user.id } });
    expect(res.statusCode).toBe(200);
    const detail = (await app.inject({ url: `/api/v1/appeals/${appealId}`, headers: coordinator })).json();
    expect(detail.status).toBe("legal_help_assigned");

    const researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    expect((await app.inject({ url: "/api/v1/appeals/lawyers", headers: researcher })).statusCode).toBe(403);
  });
});
