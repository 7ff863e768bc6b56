/** The program's version, written in by Vite (vite.config.ts). */
declare const __APP_VERSION__: string;
