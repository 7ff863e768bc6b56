#!/usr/bin/env bash
# Sets everything up, then runs every check and test of IntroGraph:
#   formatting, clippy, the Rust tests of every crate (engine, CLI, app), the UI's type check
#   and unit tests, one build of the UI and the app, and the end-to-end tests that drive the
#   real app window under Xvfb through tauri-driver and WebKitWebDriver.
# Screenshots of every screen are saved to artifacts/screenshots/.
#
# Every stage runs even when an earlier one failed (except the end-to-end tests, which need
# the build); the run ends with a summary of each stage's result and time, and exits non-zero
# if anything failed. The end-to-end tests fail, never skip, when something they need is
# missing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

results=()
failed=0

# run_stage NAME COMMAND...: runs one stage with `set -e`, records its result and time.
run_stage() {
  local name="$1" start=$SECONDS rc
  shift
  section "$name"
  set +e
  (set -euo pipefail; "$@")
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

setup() { "$REPO/scripts/setup.sh"; }
fmt() { cargo fmt --all --check; }
clippy() { cargo clippy --workspace --all-targets --locked -- -D warnings; }
rust_tests() { cargo test --workspace --locked; }
ui_tests() {
  cd "$REPO/ui"
  npm run --silent check
  npm run --silent test
}
# One build for the end-to-end tests: the UI, then a debug app binary with the UI embedded
# (the custom-protocol feature, which `tauri build` turns on, makes the binary serve ui/dist
# instead of the dev server). Debug compiles faster than release and keeps debug assertions.
build_app() {
  (cd "$REPO/ui" && npm run --silent build)
  cargo build --locked -p intrograph-app --features tauri/custom-protocol
}
e2e_tests() {
  command -v xvfb-run >/dev/null || die "xvfb-run is missing (apt-get install xvfb)"
  rm -rf "$REPO/artifacts/screenshots"
  mkdir -p "$REPO/artifacts/screenshots"
  cd "$REPO/tests/e2e"
  INTROGRAPH_APP_BINARY="$REPO/target/debug/intrograph-app" \
    xvfb-run -a -s "-screen 0 1440x900x24" npm run --silent test
  note "screenshots: $(ls "$REPO/artifacts/screenshots" | tr '\n' ' ')"
}

run_stage "Set-up" setup || die "set-up failed; nothing else can run"
run_stage "Formatting (cargo fmt --check)" fmt || true
run_stage "Lints (cargo clippy, warnings denied)" clippy || true
run_stage "Rust tests (engine, CLI, app)" rust_tests || true
run_stage "UI type check and unit tests (svelte-check, Vitest)" ui_tests || true
if run_stage "Build the UI and the app (debug, UI embedded)" build_app; then
  run_stage "End-to-end tests (real window, Xvfb, tauri-driver)" e2e_tests || true
else
  results+=("FAILED     -   End-to-end tests (not run: the build failed)")
  failed=1
fi

section "Summary"
printf '    %s\n' "${results[@]}"
if ((failed)); then
  printf '\n\033[31mSome checks failed.\033[0m\n'
  exit 1
fi
printf '\n\033[32mEverything passed.\033[0m Screenshots: artifacts/screenshots/\n'
