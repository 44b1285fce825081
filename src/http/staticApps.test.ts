import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { precompress } from "../../scripts/build-web.mjs";
import { registerStaticApps } from "./staticApps.js";

describe("staff app static serving", () => {
  it("serves the build at /app with hashed assets cached, deep links answered by index.html, unknown assets 404", async () => {
    const dist = mkdtempSync(join(tmpdir(), "aff-web-"));
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), '<!doctype html><script type="module" src="/app/assets/app-1a2b.js"></script>');
    writeFileSync(join(dist, "assets/app-1a2b.js"), "console.log(1)");
    const app = Fastify();
    await registerStaticApps(app, dist);
    expect((await app.inject({ url: "/app" })).headers.location).toBe("/app/");
    for (const url of ["/app/", "/app/people/0b6a", "/app/setup"]) {
      const r = await app.inject({ url });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain("app-1a2b.js");
      expect(r.headers["cache-control"]).toBe("no-cache");
    }
    const js = await app.inject({ url: "/app/assets/app-1a2b.js" });
    expect(js.headers["content-type"]).toContain("javascript");
    expect(js.headers["cache-control"]).toContain("immutable");
    expect((await app.inject({ url: "/app/assets/old-9999.js" })).statusCode).toBe(404);
    await app.close();
  });

  it("sends the brotli or gzip copy made at build time when the browser accepts it", async () => {
    const dist = mkdtempSync(join(tmpdir(), "aff-web-"));
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Реестр</title>");
    writeFileSync(join(dist, "assets/app-1a2b.js"), "console.log('приложение');".repeat(200));
    precompress(dist);
    const app = Fastify();
    await registerStaticApps(app, dist);
    const br = await app.inject({ url: "/app/assets/app-1a2b.js", headers: { "accept-encoding": "br, gzip" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.rawPayload.length).toBeLessThan(200);
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain("приложение");
    const gz = await app.inject({ url: "/app/assets/app-1a2b.js", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toContain("приложение");
    const plain = await app.inject({ url: "/app/assets/app-1a2b.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toContain("приложение");
    await app.close();
  });

  it("says how to build the app when dist/web is missing", async () => {
    const app = Fastify();
    await registerStaticApps(app, join(tmpdir(), "aff-web-missing-dir"));
    const r = await app.inject({ url: "/app/" });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain("build-web");
    await app.close();
  });
});
