import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import pkg from "./package.json";

// The program's version, the same as the Rust packages' (all 0.1.0 and kept in step), for
// the window to show even when no workspace is open.
const version: string = pkg.version;

// The window's content security policy allows scripts, styles, images and fonts from the app
// itself only, so the build must not inline anything: no data: URIs, no inline scripts.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  define: { __APP_VERSION__: JSON.stringify(version) },
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
  },
  // Svelte's browser build under Vitest, so components mount as they do in the window.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
}));
