// Generated from the Rust types of src-tauri/ by `UPDATE_BINDINGS=1 cargo test -p intrograph-app bindings`.
// Do not edit by hand.

export type CommandError = { code: string, message: string, };

export type WorkspaceInfo = { 
/**
 * The database file.
 */
database: string, 
/**
 * The schema version recorded in the file.
 */
schemaVersion: number, 
/**
 * The app's version.
 */
appVersion: string, };
