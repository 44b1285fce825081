#!/usr/bin/env node
// Compiles the server's TypeScript (src/, without tests and the staff app) into dist/server/src as plain
// JavaScript, file by file, so that `allforall` starts without tsx's loader: importing the CLI through tsx cost
// about 2.1 s of CPU against 0.95 s for the compiled tree (docs/architecture.md, "Start-up"). Not a bundle: the
// code finds its migrations, assets, fonts and worker scripts beside itself (`new URL("./…", import.meta.url)`), so
// the tree keeps src's layout, the other files are copied, and `dist/server/assets` and `dist/server/dist` point
// back at the real ones. bin/allforall.mjs uses the tree only while it is newer than every source file.
// `--force` always builds; `--check` exits 1 when the tree is stale.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { newest } from "./newest.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");
const defaultOut = join(root, "dist/server");
const stamp = join(defaultOut, "built-at");
/** The staff app is Vite's (scripts/build-web.mjs); the server never imports it. */
const skipped = new Set([join(src, "web")]);
/** Besides src: what the sources' relative URLs reach (fonts, the staff app's build). */
const inputs = [src, join(root, "package.json"), join(root, "tsconfig.json")];

/** The compiled tree is usable only when it was built after the last change to any source. */
export function serverBuildIsStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return inputs.some((p) => newest(p) > built);
}

function walk(dir, code, other) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (skipped.has(p)) continue;
    if (e.isDirectory()) walk(p, code, other);
    else if (/\.test\.tsx?$/.test(e.name) || e.name.endsWith(".d.ts")) continue;
    else if (/\.tsx?$/.test(e.name)) code.push(p);
    else other.push(p);
  }
}

/** `out`: another folder for the tree (the tests build one of their own rather than swap the shared one). */
export async function buildServer({ force = false, quiet = false, out = defaultOut } = {}) {
  if (!force && out === defaultOut && !serverBuildIsStale()) return false;
  const started = Date.now();
  const code = [];
  const other = [];
  walk(src, code, other);
  // Built beside the old tree and swapped in whole, so a server starting meanwhile never sees half of it.
  const next = `${out}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const { build } = await import("esbuild");
  await build({
    entryPoints: code, outdir: join(next, "src"), outbase: src, bundle: false, platform: "node", format: "esm",
    target: "node20", sourcemap: true, logLevel: "warning", tsconfig: join(root, "tsconfig.json"),
  });
  for (const f of other) {
    const to = join(next, "src", relative(src, f));
    mkdirSync(join(to, ".."), { recursive: true });
    cpSync(f, to);
  }
  symlinkSync(relative(out, join(root, "assets")), join(next, "assets"));
  symlinkSync(relative(out, join(root, "dist")), join(next, "dist"));
  writeFileSync(join(next, "built-at"), `${new Date(started).toISOString()}\n`);
  // Dated when the sources were read: a file saved during the build leaves the tree stale.
  utimesSync(join(next, "built-at"), started / 1000, started / 1000);
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(next, out);
  rmSync(old, { recursive: true, force: true });
  if (!quiet) console.log(`server compiled into ${relative(root, out)} (${code.length} files, ${Date.now() - started} ms)`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--check")) process.exit(serverBuildIsStale() ? 1 : 0);
  await buildServer({ force: process.argv.includes("--force") });
}
