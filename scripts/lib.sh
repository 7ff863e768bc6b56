# Shared by the scripts in this folder: the repository root, section headers, timings.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

section() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

note() {
  printf '    %s\n' "$*"
}

die() {
  printf '\033[31merror:\033[0m %s\n' "$*" >&2
  exit 1
}
