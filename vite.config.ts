import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The staff app: built into dist/web and served by the same server at /app (src/http/staticApps.ts).
export default defineConfig({
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  base: "/app/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    // Strict CSP: no inline scripts, no data: module preload polyfill tricks; assets are separate files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite` during development proxies the API to a running `npm start`.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
