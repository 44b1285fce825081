#!/usr/bin/env node
// Runs the compiled server (dist/server, made by scripts/build-server.mjs — `npm start` builds it first) while it
// is newer than every source file, and the TypeScript sources through tsx's loader otherwise, so that a change to
// src/ is never shadowed by an old build. ALLFORALL_FROM_SOURCE=1 always runs the sources.
import { serverBuildIsStale } from "../scripts/build-server.mjs";

const compiled = process.env.ALLFORALL_FROM_SOURCE !== "1" && !serverBuildIsStale();
let main;
if (compiled) {
  ({ main } = await import("../dist/server/src/cli/main.js"));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
await main(process.argv);
