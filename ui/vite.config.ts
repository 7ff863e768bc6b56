import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import type { Plugin } from "vite";

// The window freezes Object.prototype (tauri.conf.json, `freezePrototype`). cytoscape.js
// copies its method tables with Object.assign, and copying a `toString` onto an object whose
// inherited `toString` is frozen throws ("the override mistake"), so the library would not
// load. Its `extend` defines own properties instead, which a frozen prototype allows. The
// build fails if a new cytoscape release changes the line, rather than ship a broken map.
function cytoscapeWithFrozenPrototype(): Plugin {
  const original = "var extend = Object.assign != null ? Object.assign.bind(Object) : function (tgt) {";
  const replacement =
    "var extend = function (tgt) { for (var i = 1; i < arguments.length; i++) { var obj = arguments[i]; if (obj == null) continue; " +
    "var keys = Object.keys(obj); for (var j = 0; j < keys.length; j++) { Object.defineProperty(tgt, keys[j], " +
    "{ value: obj[keys[j]], writable: true, enumerable: true, configurable: true }); } } return tgt; };\n" +
    "var unusedExtend = function (tgt) {";
  return {
    name: "cytoscape-with-frozen-prototype",
    transform(code, id) {
      if (!/node_modules\/cytoscape\/dist\/cytoscape\.esm/.test(id)) return null;
      if (!code.includes(original)) throw new Error(`cytoscape's extend changed; review ${id}`);
      return { code: code.replace(original, replacement), map: null };
    },
  };
}
import pkg from "./package.json";

// The program's version, the same as the Rust packages' (all 0.1.0 and kept in step), for
// the window to show even when no workspace is open.
const version: string = pkg.version;

// The window's content security policy allows scripts, styles, images and fonts from the app
// itself only, so the build must not inline anything: no data: URIs, no inline scripts.
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), cytoscapeWithFrozenPrototype()],
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
