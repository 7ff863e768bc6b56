#!/usr/bin/env bash
# Sets everything up, then builds and opens the IntroGraph app.
#
# This is a release build (optimised, the UI embedded), the same binary the .deb package
# installs: the first build takes several minutes, later ones only rebuild what changed, and
# the app starts and searches fast. (The end-to-end tests use a debug build instead, which
# compiles faster and checks more.) Extra arguments are passed to the app.
#
# The database is the platform default (~/.local/share/IntroGraph/intrograph.db on Linux);
# set INTROGRAPH_DB=/path/to/file.db to open another one.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO/scripts/setup.sh"

section "Building the UI"
(cd "$REPO/ui" && npm run --silent build)

section "Building the app (release)"
cd "$REPO"
cargo build --release -p intrograph-app --features tauri/custom-protocol

section "Starting IntroGraph"
exec "$REPO/target/release/intrograph-app" "$@"
