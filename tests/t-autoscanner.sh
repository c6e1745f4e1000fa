# conf-scanner at build time (auto-scanner): both forms become tables of
# auto_scanner.c; a line that cannot be used fails the build, saying why.
# Nothing of it is parsed at run time.
. "$(dirname "$0")/lib.sh"

B=$QSQ_TMP/autoscanner
rm -rf "$B"
qsq_copy_tree "$B" && make -C "$B" -s auto-scanner auto_home.o > /dev/null 2>&1 ||
  { bad "build auto-scanner"; finish; exit 1; }
A=$B/auto-scanner

# good LINE COUNT: exit 0, auto_clamd_count COUNT, and the output compiles
good() {
  if "$A" "$1" > "$B/out.c" 2> "$B/err"; then
    expect_eq "'$1': auto_clamd_count" "$(sed -n 's/^const size_t auto_clamd_count = \([0-9]*\);$/\1/p' "$B/out.c")" "$2"
    cp "$B/out.c" "$B/auto_scanner.c" && (cd "$B" && ./compile auto_scanner.c) > "$B/err" 2>&1 &&
      ok "'$1': the table compiles warning-free" || bad "'$1': does not compile: $(cat "$B/err")"
    [ -s "$B/err" ] && bad "'$1': compiler output: $(cat "$B/err")"
  else
    bad "'$1' refused: $(cat "$B/err")"
  fi
}
# refused LINE WHY: exit 100, and the message says WHY
refused() {
  "$A" "$1" > /dev/null 2> "$B/err"
  _rc=$?
  if [ "$_rc" = 100 ] && grep -q -- "$2" "$B/err"; then ok "'$1' refused: $(cat "$B/err")"
  else bad "'$1': exit $_rc, '$(cat "$B/err")' (want 100 and '$2')"; fi
}

good "clamd /run/clamav/clamd.ctl" 1
good "clamd 10.0.0.5:3310 10.0.0.6:3310 [2001:db8::7]:3310" 3
good "clamd /a/clamd.sock 127.0.0.1:3310 [::1]:1" 3
good "/usr/bin/clamscan --infected --no-summary --recursive ." 0
"$A" "clamd [::1]:1" | grep -q '.ip = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, .port = 1, .text = "\[::1\]:1"' &&
  ok "[::1]:1 becomes the 16 bytes of ::1 and port 1" || bad "[::1]:1 table entry"
"$A" "clamd 10.0.0.5:3310" | grep -q '.family = AF_INET, .path = 0, .ip = { 10, 0, 0, 5 }, .port = 3310' &&
  ok "10.0.0.5:3310 becomes AF_INET 10.0.0.5 port 3310" || bad "10.0.0.5:3310 table entry"

refused "" "the first line is empty"
refused "clamd" "at least one server"
refused "clamd   " "at least one server"
refused "clamd mail.example.com:3310" "not an IPv4 address literal (no names"
refused "clamd 10.0.0.5" "neither a socket path"
refused "clamd 10.0.0.5:" "no port"
refused "clamd 10.0.0.5:0" "not a number from 1 to 65535"
refused "clamd 10.0.0.5:65536" "not a number from 1 to 65535"
refused "clamd 10.0.0.5:33a" "not a number from 1 to 65535"
refused "clamd 10.0.0.256:3310" "not an IPv4 address literal"
refused "clamd 2001:db8::7:3310" "IPv6 goes in brackets"
refused "clamd [2001:db8::7]" "an IPv6 server is \[ADDRESS\]:PORT"
refused "clamd [2001:db8::g]:3310" "not an IPv6 address literal"
refused "clamd /a /a" "listed twice"
refused "clamd /$(head -c 120 /dev/zero | tr '\0' a)" "longer than 107 bytes"
refused "clamd $(i=0; while [ $i -lt 33 ]; do printf '/s%s ' $i; i=$((i + 1)); done)" "AUTO_CLAMD_MAX"
refused "usr/bin/clamscan ." "absolute path"

# the build itself stops, with the message, on a bad conf-scanner
printf 'clamd 10.0.0.5\n' > "$B/conf-scanner"
rm -f "$B/auto_scanner.c"
if make -C "$B" auto_scanner.c > "$B/make.out" 2>&1; then bad "make accepted a bad conf-scanner"
else check "make fails on a bad conf-scanner, saying why" grep -q 'auto-scanner: fatal: conf-scanner: server 10.0.0.5: neither a socket path' "$B/make.out"; fi
check "... and makes no auto_scanner.c" test ! -e "$B/auto_scanner.c"
finish
