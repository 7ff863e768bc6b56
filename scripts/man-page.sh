#!/usr/bin/env bash
# Writes the manual page of the `intrograph` command-line tool, from its own --help (every
# command's long help, so the page never disagrees with the program):
#   scripts/man-page.sh target/release/intrograph target/release/intrograph.1.gz
set -euo pipefail

cli="${1:?usage: man-page.sh <intrograph binary> <output .1.gz>}"
out="${2:?usage: man-page.sh <intrograph binary> <output .1.gz>}"
version="$("$cli" --version | awk '{print $2}')"

# roff: a leading dot or apostrophe starts a request, a backslash an escape.
escape() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }

# The commands, as `--help` lists them: "  name  description" lines under "Commands:".
commands() {
  "$@" --help | awk '/^Commands:/{on=1; next} /^[^ ]/{on=0} on && /^  [a-z]/{print $1}' | grep -vx help || true
}

section() {
  local title="$1"; shift
  printf '.SS "%s"\n.nf\n' "$title"
  "$cli" "$@" --help | escape
  printf '.fi\n'
}

{
  printf '.TH INTROGRAPH 1 "" "IntroGraph %s" "User Commands"\n' "$version"
  printf '.SH NAME\nintrograph \\- find who can introduce you, and track every introduction to a closed deal\n'
  printf '.SH SYNOPSIS\n.B intrograph\n[\\fB\\-\\-db\\fR \\fIFILE\\fR] [\\fB\\-\\-json\\fR|\\fB\\-\\-csv\\fR] \\fICOMMAND\\fR ...\n'
  printf '.SH DESCRIPTION\n'
  printf 'The command-line face of IntroGraph. It works on the same database file as the desktop app;\n'
  printf 'an open app window notices what the command line writes within about two seconds.\n'
  printf '.nf\n'
  "$cli" --help | escape
  printf '.fi\n.SH COMMANDS\n'
  for cmd in $(commands "$cli"); do
    section "intrograph $cmd" "$cmd"
    for sub in $(commands "$cli" "$cmd"); do
      section "intrograph $cmd $sub" "$cmd" "$sub"
    done
  done
  printf '.SH FILES\nThe database file: \\fB\\-\\-db\\fR, else \\fBINTROGRAPH_DB\\fR, else the file named in the settings, else the platform default. Backups go to \\fIbackups/\\fR beside it.\n'
  printf '.SH SEE ALSO\n\\fBintrograph-app\\fR, the desktop app.\n'
} | gzip -9n >"$out"
