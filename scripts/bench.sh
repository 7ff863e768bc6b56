#!/usr/bin/env bash
# Benchmarks at team scale, side by side with NetworkX (docs/benchmarks.md).
#
#   scripts/bench.sh                      # 10k and 100k people (about 10 minutes on 2 cores)
#   scripts/bench.sh --sizes 10k,100k,1M  # the full run (1M people, 10M relationships,
#                                         # metrics over 1M introduction requests)
#   scripts/bench.sh --app-only           # only the desktop app's cold start and memory
#
# Any flag is passed to intrograph-bench (`--help` lists them). Each size gets as many
# introduction requests as it has people for the metrics figures (`--requests N` sets
# another count for every size, 0 skips them). Sets up what it
# needs on every run, idempotently: a Python venv with the pinned networkx under
# target/bench-venv, and a release build of the bench. Generated networks are
# cached under target/bench-data by size and seed. Writes bench/report/latest.{md,json}
# and refreshes the figures in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/bench-venv
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s bench/requirements.txt "$stamp"; then
    echo "bench: setting up $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt
    cp bench/requirements.txt "$stamp"
fi

cargo build --release -p intrograph-bench
# The desktop app's cold start is measured on its release build, under Xvfb when there is
# no display.
(cd ui && npm run --silent build)
cargo build --release -p intrograph-app --features tauri/custom-protocol
display=()
if [ -z "${DISPLAY:-}" ]; then display=(xvfb-run -a -s "-screen 0 1280x800x24"); fi
exec "${display[@]}" target/release/intrograph-bench --python "$venv/bin/python" --readme README.md \
    --app target/release/intrograph-app "$@"
