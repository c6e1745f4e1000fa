#!/bin/sh
# tests/t-golden.sh: reformime -l -s over every kept input gives what it
# gave when tests/golden/reformime-l was recorded: the same listing, the
# same exit code, the same messages and statistics (all but rss, which
# the system decides), so that a change to the MIME core that should
# change nothing is seen to change nothing. The inputs: the fuzzers' seed
# corpora (fuzz/corpus-*), the messages of tests/t-reformime.sh and
# tests/t-reformime-evasion.sh (kept in tests/golden/mail, each file's
# bytes in reverse order: no file in the tree is itself "infected", as
# tests/eicar explains; the large one of tests/t-reformime.sh is left to
# tests/golden/gen), and the
# messages tests/reformime-gen makes for the argument lists in
# tests/golden/gen (the limits' tests' messages, at and below the limits).
#
# tests/golden/reformime-l has one line per input:
#   SHA256 EXIT MEM INPUT
# SHA256 is that of the listing (stdout), a line "--", then stderr without
# its rss and mem figures; MEM is the mem figure (the most bytes of entity
# state, MIME_MEMMAX), compared on its own: it counts the sizes of the
# core's structures. INPUT is a path from the top of the tree, or
# "gen ARGS" for a generated message.
#
# tests/golden/reformime-files holds, for the same inputs but the
# generated ones, what reformime writes without -l: SHA256 EXIT INPUT,
# SHA256 that of the sorted list of "NAME SHA256-OF-CONTENT" of the files
# it made, a line "--", and its stderr.
#
# To re-record (only after a change that is meant to change the listings):
#   QSQ_GOLDEN_RECORD=1 sh tests/t-golden.sh
# rewrites both files from the reformime built now.
. "$(dirname "$0")/lib.sh"

make -C "$TOP" -s reformime > /dev/null 2>&1 || { bad "make reformime"; finish; exit 1; }
R=$TOP/reformime
W=$QSQ_TMP/golden
GOLD=$TOP/tests/golden/reformime-l
FILES=$TOP/tests/golden/reformime-files
rm -rf "$W" && mkdir -p "$W/run" || exit 1

# one INPUT FILE: prints the golden line for FILE, named INPUT
one() {
  (cd "$W/run" && exec "$R" -l -s < "$2") > "$W/out" 2> "$W/err"
  _rc=$?
  _mem=$(sed -n 's/^reformime: stats:.* mem \([0-9]*\).*/\1/p' "$W/err")
  _h=$( { cat "$W/out"; echo "--"; sed 's/ mem [0-9]*//; s/ rss [0-9]*//' "$W/err"; } | sha256sum | cut -c1-64)
  echo "$_h $_rc ${_mem:--} $1"
}

# files INPUT FILE: prints the line of tests/golden/reformime-files
files() {
  rm -rf "$W/files" && mkdir "$W/files" || return 1
  (cd "$W/files" && exec "$R" < "$2") 2> "$W/err"
  _rc=$?
  _h=$( { (cd "$W/files" && for _o in *; do [ -e "$_o" ] || continue; echo "$_o $(sha256sum < "$_o" | cut -c1-64)"; done | LC_ALL=C sort)
          echo "--"; cat "$W/err"; } | sha256sum | cut -c1-64)
  rm -rf "$W/files"
  echo "$_h $_rc $1" >&3
}

# the listings on stdout, the files' lines on fd 3
listings() {
  for _f in "$TOP"/fuzz/corpus-reformime/* "$TOP"/fuzz/corpus-qscanq-stdin/*; do
    one "${_f#"$TOP"/}" "$_f"
    files "${_f#"$TOP"/}" "$_f"
  done
  for _f in "$TOP"/tests/golden/mail/*; do
    perl -0777 -pe '$_ = reverse' < "$_f" > "$W/mail.eml" || echo "cannot read $_f" >&2
    one "${_f#"$TOP"/}" "$W/mail.eml"
    files "${_f#"$TOP"/}" "$W/mail.eml"
  done
  rm -f "$W/mail.eml"
  while read -r _a; do
    case $_a in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086 # the arguments are words
    perl "$TOP/tests/reformime-gen" $_a > "$W/gen.eml" || echo "gen failed: $_a" >&2
    one "gen $_a" "$W/gen.eml"
    rm -f "$W/gen.eml"
  done < "$TOP/tests/golden/gen"
}

if [ -n "${QSQ_GOLDEN_RECORD:-}" ]; then
  listings > "$GOLD.tmp" 3> "$FILES.tmp" && mv "$GOLD.tmp" "$GOLD" && mv "$FILES.tmp" "$FILES" ||
    { bad "recording $GOLD and $FILES"; finish; exit 1; }
  ok "recorded $(wc -l < "$GOLD" | tr -d ' ') inputs into tests/golden/reformime-l"
  ok "recorded $(wc -l < "$FILES" | tr -d ' ') inputs into tests/golden/reformime-files"
  finish
  exit
fi

listings > "$W/now" 3> "$W/files.now"
check "the golden files are there" test -s "$GOLD" -a -s "$FILES"
expect_eq "every input listed now was recorded, and the other way round" \
  "$(cut -d' ' -f4- "$W/now" | sort | md5sum)" "$(cut -d' ' -f4- "$GOLD" | sort | md5sum)"

# group INPUT: the corpus an input belongs to
for c in fuzz/corpus-reformime fuzz/corpus-qscanq-stdin tests/golden/mail gen; do
  # the mismatching inputs of corpus c: listing and exit code, then mem
  awk -v c="$c" '
    function grp(p,  g) { if (p ~ /^gen /) return "gen"; g = p; sub(/\/[^\/]*$/, "", g); return g }
    { p = $4; for (i = 5; i <= NF; ++i) p = p " " $i; if (grp(p) != c) next }
    NR == FNR { h[p] = $1 " " $2; m[p] = $3; n++; next }
    (p in h) && h[p] != $1 " " $2 { print "listing " p }
    (p in h) && h[p] == $1 " " $2 && m[p] != $3 { print "mem " p " (" m[p] ", now " $3 ")" }
    END { print "count " n }' "$GOLD" "$W/now" > "$W/diff"
  n=$(sed -n 's/^count //p' "$W/diff")
  if grep -q '^listing ' "$W/diff"; then
    bad "$c: the listings of its $n inputs as recorded ($(grep -c '^listing ' "$W/diff") differ:)"
    grep '^listing ' "$W/diff" | head -n 20 | sed 's/^listing /  /'
  else
    check "$c: the listings, exit codes and statistics of its $n inputs as recorded" test "${n:-0}" -gt 0
  fi
  if grep -q '^mem ' "$W/diff"; then
    bad "$c: the entity state (mem) of its inputs as recorded ($(grep -c '^mem ' "$W/diff") differ:)"
    grep '^mem ' "$W/diff" | head -n 20 | sed 's/^mem /  /'
  else
    ok "$c: the entity state (mem) of its inputs as recorded"
  fi
done

# what reformime writes: one assertion for all, naming the inputs that differ
awk 'NR == FNR { h[$3] = $1 " " $2; next } h[$3] != $1 " " $2 { print "  " $3 }' "$FILES" "$W/files.now" > "$W/fdiff"
if [ -s "$W/fdiff" ]; then
  bad "the files written for $(wc -l < "$FILES" | tr -d ' ') inputs as recorded ($(wc -l < "$W/fdiff" | tr -d ' ') differ:)"
  head -n 20 "$W/fdiff"
else
  expect_eq "the files written for $(wc -l < "$FILES" | tr -d ' ') inputs as recorded" \
    "$(cut -d' ' -f3- "$W/files.now" | md5sum)" "$(cut -d' ' -f3- "$FILES" | md5sum)"
fi

rm -rf "$W"
finish
