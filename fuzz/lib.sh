# fuzz/lib.sh: sourced by fuzz/run-reformime, fuzz/run-qscanq-stdin and
# fuzz/coverage, so that the library they build is MODULES' (the top
# folder's list of modules), as the Makefile's is.
#
# fuzz_lib TOP WORK CC: compiles every module of TOP/MODULES with CC (a
# command line, split on spaces) into WORK/MODULE/*.o and WORK/MODULE.a,
# and sets FUZZ_INC (-I for the top and every module) and FUZZ_LIBS (the
# archives, in MODULES' link order, so that a target links only the
# members it uses). Returns 111 when a file does not compile.
fuzz_lib() {
  _top=$1 _work=$2 _cc=$3
  _mods=$(sed -e 's/#.*//' "$_top/MODULES")
  [ -n "$_mods" ] || { echo "fuzz_lib: fatal: $_top/MODULES names no module" >&2; return 111; }
  FUZZ_INC="-I$_top"
  for _m in $_mods; do FUZZ_INC="$FUZZ_INC -I$_top/$_m"; done
  FUZZ_LIBS=
  for _m in $_mods; do
    rm -rf "$_work/$_m" && mkdir -p "$_work/$_m" || return 111
    _objs=
    for _f in "$_top/$_m"/*.c; do
      [ -f "$_f" ] || continue
      _o=$_work/$_m/$(basename "$_f" .c).o
      # shellcheck disable=SC2086
      $_cc $FUZZ_INC -c -o "$_o" "$_f" || { echo "fuzz_lib: fatal: cannot compile $_f" >&2; return 111; }
      _objs="$_objs $_o"
    done
    rm -f "$_work/$_m.a"
    # shellcheck disable=SC2086
    ar cr "$_work/$_m.a" $_objs && ranlib "$_work/$_m.a" || return 111
    FUZZ_LIBS="$FUZZ_LIBS $_work/$_m.a"
  done
}
