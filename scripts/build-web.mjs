#!/usr/bin/env node
// Builds the staff app (Vite) into dist/web when it is missing or older than its sources, so `npm start`
// works on a fresh clone without a separate build step. `--force` always builds.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { newest } from "./newest.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "dist/web/index.html");
const sources = ["src/web", "src/i18n", "vite.config.ts"].map((p) => join(root, p));

export function webBuildIsStale() {
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return sources.some((p) => newest(p) > built);
}

export async function buildWeb({ force = false, quiet = false } = {}) {
  if (!force && !webBuildIsStale()) return false;
  const { build } = await import("vite");
  // Test runners set NODE_ENV=test, which would give React's development build: the app must be the production one.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: join(root, "vite.config.ts"), mode: "production", logLevel: quiet ? "warn" : "info" });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  precompress(join(root, "dist/web"));
  return true;
}

/**
 * Brotli (best) and gzip copies beside every text file of the build, made once here rather than per request;
 * the server sends the one the browser accepts (@fastify/static preCompressed).
 */
export function precompress(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) precompress(path);
    else if (/\.(js|css|html|svg|json|txt|map)$/.test(e.name)) {
      const body = readFileSync(path);
      writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
      writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildWeb({ force: process.argv.includes("--force") });
  if (!built) process.stdout.write("staff app is up to date (dist/web)\n");
}
