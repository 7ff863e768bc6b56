#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring (a real
# Secret Service), whose keyring files live in a throwaway folder: the team tests store
# and read passwords through the desktop's secret store, as the app does, without
# touching the user's own keyring.
#   scripts/with-keyring.sh cargo test -p intrograph-team
set -euo pipefail
if [ "${INTROGRAPH_IN_KEYRING_SESSION:-}" = 1 ]; then
    exec "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing; run scripts/setup.sh (installs dbus and gnome-keyring)" >&2; exit 1; }
done
dir=$(mktemp -d "${TMPDIR:-/tmp}/intrograph-keyring.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/data/keyrings" "$dir/runtime"
chmod 700 "$dir/runtime"
export XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/runtime" INTROGRAPH_IN_KEYRING_SESSION=1
exec dbus-run-session -- bash -c '
    eval "$(printf "intrograph-test" | gnome-keyring-daemon --daemonize --unlock --components=secrets | sed "s/^/export /")"
    exec "$@"' keyring-session "$@"
