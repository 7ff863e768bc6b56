#!/usr/bin/env bash
# Installs everything IntroGraph needs to build, run and test on Debian/Ubuntu:
#   - the system libraries of Tauri 2 (WebKitGTK 4.1, ...), Xvfb and WebKitWebDriver for the
#     end-to-end tests, ImageMagick for the icons (apt, only when something is missing);
#   - for the team workspace's tests: PostgreSQL (a throwaway cluster per test), openssl (a
#     self-signed certificate for the TLS tests), D-Bus and GNOME Keyring (a real Secret
#     Service for the passwords, see scripts/with-keyring.sh);
#   - the Rust toolchain's rustfmt and clippy components (when rustup manages it);
#   - tauri-driver (cargo install, only when missing);
#   - the npm packages of ui/ and tests/e2e/ (npm ci from the committed lock files, only when
#     the lock file changed since the last install).
# Safe to run again: a second run installs nothing and prints little.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_PACKAGES=(
  build-essential curl wget file pkg-config
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  webkit2gtk-driver xvfb xauth imagemagick
  libclang-dev
  postgresql openssl libdbus-1-dev dbus dbus-x11 gnome-keyring libsecret-tools
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  section "Installing system packages: ${missing[*]}"
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || die "cargo is missing: install Rust from rustup (https://rustup.rs) first"
command -v npm >/dev/null || die "npm is missing: install Node.js 20.19 or newer first"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  die "Node.js $(node --version) is too old: IntroGraph's UI needs 20.19 or newer"

if command -v rustup >/dev/null; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" ||
      { section "Adding the Rust component $component"; rustup component add "$component"; }
  done
fi

if ! command -v tauri-driver >/dev/null; then
  section "Installing tauri-driver"
  cargo install tauri-driver --locked
fi

# npm ci only when the lock file differs from the one last installed.
npm_install() {
  local dir="$REPO/$1" stamp="$REPO/$1/node_modules/.installed-lock.json"
  if [[ -f "$stamp" ]] && cmp -s "$dir/package-lock.json" "$stamp"; then
    return
  fi
  section "Installing the npm packages of $1/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
}
npm_install ui
npm_install tests/e2e
