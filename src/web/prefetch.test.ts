import { afterEach, describe, expect, it, vi } from "vitest";
import { setCsrfToken } from "./api.js";
import { prefetch, takePrefetched } from "./prefetch.js";

// The first screen's reads are started before the app knows who is signed in (prefetch.ts). One the screen did not
// take (a list page in another view than the one prefetched) must not be handed to the next person signing in.
describe("prefetched first reads", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });
  const answering = (body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } }));

  it("are handed to the screen of the session they were read in, once", async () => {
    vi.stubGlobal("fetch", answering({ items: [{ name: "Обмен, март 2026" }] }));
    prefetch("/api/v1/lists");
    setCsrfToken("token of the coordinator");
    await expect(takePrefetched("/api/v1/lists")).resolves.toEqual({ items: [{ name: "Обмен, март 2026" }] });
    expect(takePrefetched("/api/v1/lists")).toBeNull();
  });

  it("are dropped when the session ends (sign-out), so the next person to sign in reads with their own rights", async () => {
    vi.stubGlobal("fetch", answering({ items: [{ name: "Обмен, март 2026" }] }));
    prefetch("/api/v1/lists/6f1d0c52-4a8e-4f57-9a4b-0d7c1f9c6a11/versions/3?show=all&limit=100");
    setCsrfToken("token of the coordinator");
    // Signed out (App.tsx signOut), then a lawyer signs in on the same page.
    setCsrfToken(null);
    setCsrfToken("token of the lawyer");
    expect(takePrefetched("/api/v1/lists/6f1d0c52-4a8e-4f57-9a4b-0d7c1f9c6a11/versions/3?show=all&limit=100")).toBeNull();
  });
});
