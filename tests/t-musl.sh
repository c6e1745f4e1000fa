#!/bin/sh
# tests/t-musl.sh: the static musl build that INSTALL recommends for
# production links (musl has fewer wrappers than glibc: close_range was
# one it lacks), its programs need no dynamic loader, and its reformime
# lists the seed corpus exactly as the glibc build does.
. "$(dirname "$0")/lib.sh"

W=$QSQ_TMP/musl
rm -rf "$W" || exit 1
if ! command -v musl-gcc > /dev/null; then
  bad "musl-gcc is not installed (sh tools/deps installs musl-tools)"
  finish; exit
fi
check "the tree is copied" qsq_copy_tree "$W"
# under make sanitize the copy's conf-cc has the sanitizers: musl has none
sed -i -e '1s/^[^ ]*/musl-gcc/' -e '1s/ -f[a-z-]*sanitize[^ ]*//g' "$W/conf-cc" &&
  echo 'musl-gcc -static' > "$W/conf-ld" || exit 1
make -C "$W" -s it > "$W/make.log" 2>&1
rc=$?
expect_eq "make it with musl-gcc -static" "$rc" "0"
[ "$rc" -eq 0 ] || tail -n 20 "$W/make.log"
for p in qscanq qscanq-stdin cleanq run-cleanq reformime install-wrap; do
  # a static program has no PT_INTERP: no loader, no LD_* environment
  check "$p is static (no program interpreter)" sh -c "[ -x '$W/$p' ] && ! readelf -l '$W/$p' | grep -q INTERP"
done
R=$TOP/reformime
differ=0 n=0
for f in "$TOP"/fuzz/corpus-reformime/*; do
  n=$((n + 1))
  a=$(cd "$W" && "$R" -l < "$f" 2>&1; echo "exit $?")
  b=$(cd "$W" && "$W/reformime" -l < "$f" 2>&1; echo "exit $?")
  [ "$a" = "$b" ] || { differ=$((differ + 1)); echo "# differs: $f"; }
done
check "musl reformime -l lists the $n seeds as glibc's does" test "$n" -ge 30 -a "$differ" -eq 0
finish
