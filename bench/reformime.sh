#!/bin/sh
# bench/reformime.sh: reformime against Debian's ripmime, munpack (mpack)
# and maildrop's reformime on the same generated messages, in the same run:
#   big   21 MB, one 15 MiB base64 attachment
#   many  1.6 MB, 1,000 base64 parts of about 1 KB
# Each tool unpacks each message into a fresh empty folder; one warm-up,
# then the median of BENCH_RUNS runs (default 5) of wall-clock time, of CPU
# time (user + system: less disturbed by a busy machine) and of peak memory
# (ru_maxrss, from bench/rtime). Nothing here asserts on time.
#
# maildrop's reformime: Debian 12's "reformime -x" and "-X" without "-s"
# crash, so it runs once per leaf section, "-s SECTION -e" to a file, as
# a script would have to (it re-reads the message for every section).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${BENCH_RUNS:-5}
B=$(mktemp -d /tmp/bench-reformime.XXXXXX) || exit 111
trap 'rm -rf "$B"' EXIT
cd "$TOP" || exit 111
make -s reformime > /dev/null || { echo "bench: cannot build reformime" >&2; exit 111; }
make -s bench/rtime > /dev/null || { echo "bench: cannot build bench/rtime" >&2; exit 111; }
RT=$TOP/bench/rtime
R=$TOP/reformime

perl tests/reformime-gen big 15 > "$B/big.eml" || exit 111
perl tests/reformime-gen many 1000 > "$B/many.eml" || exit 111

# maildrop's reformime: the leaf sections, and a script that extracts each
for m in big many; do
  /usr/bin/reformime -i < "$B/$m.eml" | awk '
    /^section: / { s = $2 }
    /^content-type: / { if ($2 !~ /^multipart\//) print s }' > "$B/$m.sections"
  {
    echo 'while read s; do /usr/bin/reformime -s "$s" -e < "$1" > "part-$s" || exit 1; done < "$2"'
  } > "$B/maildrop.sh"
done

# run TOOL MESSAGE: one run in an empty folder; prints "wall-us cpu-us KB"
run() {
  case $1 in
    qscanq-reformime) "$RT" "$B/out" "$B/$2.eml" "$R" ;;
    ripmime) "$RT" "$B/out" /dev/null ripmime -i "$B/$2.eml" -d . ;;
    munpack) "$RT" "$B/out" /dev/null munpack -q -t -f "$B/$2.eml" ;;
    maildrop-reformime) "$RT" "$B/out" /dev/null sh "$B/maildrop.sh" "$B/$2.eml" "$B/$2.sections" ;;
  esac
}

# median: the middle line of sorted numbers
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-19s %-4s %8s %8s %8s %8s %8s %7s\n' tool mail "wall ms" "MB/s" "cpu ms" "cpu MB/s" "peak KB" "ratio"
for m in big many; do
  size=$(wc -c < "$B/$m.eml")
  ours=
  for t in qscanq-reformime ripmime munpack maildrop-reformime; do
    : > "$B/times"
    : > "$B/cpu"
    : > "$B/rss"
    i=0
    while [ $i -le "$RUNS" ]; do
      rm -rf "$B/out" && mkdir "$B/out" || exit 111
      r=$(run "$t" "$m")
      st=$?
      [ $st -eq 0 ] || echo "bench: $t on $m exited $st" >&2
      # run 0 is the warm-up
      if [ $i -gt 0 ]; then
        echo "$r" | cut -d' ' -f1 >> "$B/times"
        echo "$r" | cut -d' ' -f2 >> "$B/cpu"
        echo "$r" | cut -d' ' -f3 >> "$B/rss"
      fi
      i=$((i + 1))
    done
    us=$(median < "$B/times")
    cpu=$(median < "$B/cpu")
    kb=$(median < "$B/rss")
    [ -n "$ours" ] || ours=$us
    files=$(find "$B/out" -type f | wc -l)
    [ "$cpu" -gt 0 ] || cpu=1
    awk -v t="$t" -v m="$m" -v us="$us" -v cpu="$cpu" -v kb="$kb" -v size="$size" -v ours="$ours" -v files="$files" 'BEGIN {
      printf "%-19s %-4s %8.1f %8.0f %8.1f %8.0f %8d %6.2fx %5d files\n", t, m, us / 1000, size / us, cpu / 1000, size / cpu, kb, us / ours, files }'
  done
done
echo "(MB/s: input bytes per microsecond; ratio: the tool's median wall time over qscanq's reformime's;"
echo " maildrop's reformime stops at 300 sections, so it writes only 300 of the 1,000 parts)"
