#!/usr/bin/env bash
# Sets everything up, then runs every check and test of IntroGraph:
#   formatting; the UI's type check, unit tests and build; clippy; one debug build of every
#   crate; the Rust tests of every crate (engine, team, CLI, app); and the end-to-end tests that
#   drive the real app window under Xvfb through tauri-driver and WebKitWebDriver.
# Screenshots of every screen are saved to artifacts/screenshots/.
#
# Every stage runs even when an earlier one failed (except the tests, which need the build); the run ends with a summary of each stage's result and time, and exits non-zero
# if anything failed. The end-to-end tests fail, never skip, when something they need is
# missing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

results=()
failed=0

# run_stage NAME FUNCTION: runs one stage function in its own bash with `set -euo pipefail`,
# so the first failing command fails the stage (inside an `if` or `||` list, bash would
# ignore `set -e` in the function itself), and records its result and time.
run_stage() {
  local name="$1" start=$SECONDS rc
  section "$name"
  set +e
  bash -euo pipefail -c "$2"
  rc=$?
  set -e
  local took=$((SECONDS - start))
  if ((rc == 0)); then
    results+=("$(printf 'ok      %4ds  %s' "$took" "$name")")
  else
    results+=("$(printf 'FAILED  %4ds  %s (exit %d)' "$took" "$name" "$rc")")
    failed=1
  fi
  return "$rc"
}

# Every cargo step uses the same features, so the one debug build serves clippy's lint
# targets, the Rust tests and the end-to-end tests without compiling anything twice. The
# custom-protocol feature (which `tauri build` turns on) makes the app serve the built ui/dist
# instead of the dev server; so the UI is built first. Debug, not release: it compiles much
# faster and keeps debug assertions on.
export CARGO_FEATURES="--locked --workspace --features tauri/custom-protocol"

setup() { "$REPO/scripts/setup.sh"; }
fmt() { cargo fmt --all --check; }
ui() {
  cd "$REPO/ui"
  npm run --silent check
  npm run --silent test
  npm run --silent build
}
clippy() { cargo clippy $CARGO_FEATURES --all-targets -- -D warnings; }
build() { cargo build $CARGO_FEATURES --all-targets; }
# The Rust and end-to-end tests run inside a private D-Bus session with an unlocked GNOME
# Keyring (the team workspace keeps passwords in the desktop's secret store) and start
# throwaway PostgreSQL clusters of their own.
rust_tests() { "$REPO/scripts/with-keyring.sh" cargo test $CARGO_FEATURES; }
e2e_tests() {
  command -v xvfb-run >/dev/null || die "xvfb-run is missing (apt-get install xvfb)"
  rm -rf "$REPO/artifacts/screenshots"
  mkdir -p "$REPO/artifacts/screenshots"
  cd "$REPO/tests/e2e"
  INTROGRAPH_APP_BINARY="$REPO/target/debug/intrograph-app" \
    "$REPO/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1440x900x24" npm run --silent test
  note "screenshots in artifacts/screenshots/: $(ls "$REPO/artifacts/screenshots" | tr '\n' ' ')"
}

export REPO
export -f section note die setup fmt ui clippy build rust_tests e2e_tests

run_stage "Set-up" setup || die "set-up failed; nothing else can run"
run_stage "Formatting (cargo fmt --check)" fmt || true
run_stage "UI: type check, unit tests (Vitest), build" ui || true
run_stage "Lints (cargo clippy, warnings denied)" clippy || true
if run_stage "Build: engine, CLI and app (debug, UI embedded), with their tests" build; then
  run_stage "Rust tests (engine, CLI, app)" rust_tests || true
  run_stage "End-to-end tests (real window, Xvfb, tauri-driver)" e2e_tests || true
else
  results+=("FAILED     -   Rust and end-to-end tests (not run: the build failed)")
  failed=1
fi

section "Summary"
printf '    %s\n' "${results[@]}"
if ((failed)); then
  printf '\n\033[31mSome checks failed.\033[0m\n'
  exit 1
fi
printf '\n\033[32mEverything passed.\033[0m Screenshots: artifacts/screenshots/\n'
