// Static files of the public site (src/public/assets). Read once; served with a content hash in the URL so
// browsers may cache them for a year and still see a new version at once after a deploy.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

const dir = new URL("./assets/", import.meta.url);
const types: Record<string, string> = { css: "text/css; charset=utf-8", svg: "image/svg+xml" };

export interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

// Only names that look like ours are loaded; the route serves nothing that is not in this map (no path traversal).
const assets = new Map<string, Asset>();
for (const name of readdirSync(dir)) {
  const ext = /^[a-z0-9-]+\.([a-z]+)$/.exec(name)?.[1];
  if (!ext || !types[ext]) continue;
  const body = readFileSync(new URL(name, dir));
  assets.set(name, { body, type: types[ext], hash: createHash("sha256").update(body).digest("hex").slice(0, 12) });
}

export function getAsset(name: string): Asset | undefined {
  return assets.get(name);
}

/** "/assets/site.css?v=<hash>" — the URL pages link to. */
export function assetUrl(name: string): string {
  const a = assets.get(name);
  return a ? `/assets/${name}?v=${a.hash}` : `/assets/${name}`;
}
