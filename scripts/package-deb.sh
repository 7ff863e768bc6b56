#!/usr/bin/env bash
# Sets everything up, then builds the installable Debian package of the IntroGraph app:
#   target/release/bundle/deb/IntroGraph_<version>_<arch>.deb
# Install it with `sudo apt install ./target/release/bundle/deb/IntroGraph_*.deb`; it puts
# `intrograph-app` on the PATH and IntroGraph in the applications menu.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO/scripts/setup.sh"

section "Building the UI"
(cd "$REPO/ui" && npm run --silent build)

section "Building the Debian package (release build, UI embedded)"
cd "$REPO"
# The Tauri CLI comes from the UI's npm packages; it reads tauri.conf.json here, builds the
# app in release mode and packs the .deb. The UI is built just above: the CLI would run the
# configured beforeBuildCommand from the first folder with a package.json it finds, which in
# this repository can be tests/e2e rather than ui. `--package` picks the app out of the
# workspace (its default members are the engine and the CLI).
"$REPO/ui/node_modules/.bin/tauri" build --bundles deb --config '{"build":{"beforeBuildCommand":""}}' "$@" -- --package intrograph-app
note "package: $(ls "$REPO"/target/release/bundle/deb/*.deb)"
