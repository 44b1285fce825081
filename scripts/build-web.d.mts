// Types for scripts/build-web.mjs (imported by the e2e tests and the screenshot script).
export function webBuildIsStale(): boolean;
export function buildWeb(opts?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
export function precompress(dir: string): void;
