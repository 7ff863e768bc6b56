#!/usr/bin/env bash
# Sets everything up, then builds the installable Debian package of the IntroGraph app:
#   target/release/bundle/deb/IntroGraph_<version>_<arch>.deb
# Install it with `sudo apt install ./target/release/bundle/deb/IntroGraph_*.deb`; it puts
# `intrograph-app` and the command-line tool `intrograph` (with its manual page,
# `man intrograph`) on the PATH, and IntroGraph in the applications menu.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO/scripts/setup.sh"

section "Building the UI"
(cd "$REPO/ui" && npm run --silent build)

section "Building the command-line tool (release) and its manual page"
cd "$REPO"
# tauri.conf.json's bundle.linux.deb.files packs these two into the .deb:
# /usr/bin/intrograph and /usr/share/man/man1/intrograph.1.gz. The package is built in
# target/ (the paths there are relative to tauri.conf.json), whatever CARGO_TARGET_DIR says.
export CARGO_TARGET_DIR="$REPO/target"
cargo build --release --locked -p intrograph-cli
"$REPO/scripts/man-page.sh" "$REPO/target/release/intrograph" "$REPO/target/release/intrograph.1.gz"

section "Building the Debian package (release build, UI embedded)"
# The Tauri CLI comes from the UI's npm packages; it reads tauri.conf.json here, builds the
# app in release mode and packs the .deb. The UI is built just above: the CLI would run the
# configured beforeBuildCommand from the first folder with a package.json it finds, which in
# this repository can be tests/e2e rather than ui. `--package` picks the app out of the
# workspace (its default members are the engine and the CLI).
"$REPO/ui/node_modules/.bin/tauri" build --bundles deb --config '{"build":{"beforeBuildCommand":""}}' "$@" -- --package intrograph-app
note "package: $(ls "$REPO"/target/release/bundle/deb/*.deb)"
deb="$(ls -t "$REPO"/target/release/bundle/deb/*.deb | head -1)"
# The command line is in the package, on the PATH, with its manual page.
contents="$(dpkg-deb --contents "$deb")"
for file in usr/bin/intrograph usr/bin/intrograph-app usr/share/man/man1/intrograph.1.gz; do
  grep -Eq " (\./)?$file\$" <<<"$contents" || die "$deb lacks /$file"
done
note "contains /usr/bin/intrograph-app, /usr/bin/intrograph and its manual page"
