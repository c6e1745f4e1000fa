# tests/t-clamd-client.sh: the clamd client library (clamd/) against a
# real clamd, started here on a unix socket and on TCP 127.0.0.1, with
# MaxFileSize 100K and StreamMaxLength 150K: the unit binary's case
# "real" (tests/unit/check_clamd.c) run with QSQ_CLAMD_SOCK and
# QSQ_CLAMD_PORT set. It shows: a clean file OK over both; an EICAR file
# FOUND with its name over both; the control sample detected over both; a
# file over MaxFileSize gives the limits verdict over both; over TCP a
# file past StreamMaxLength is never clean; 50 files and a big one in one
# session (replies out of order, the window).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
D=$QSQ_TMP/clamd-client
mkdir -p "$D" && chmod 755 "$D" || { bad "mkdir $D"; finish; exit 1; }

# a free port on 127.0.0.1: taken from the kernel, then handed to clamd
port=$(perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1, ReuseAddr => 1) or die; print $s->sockport, "\n"')
check "clamd started on a unix socket and on 127.0.0.1:$port" \
  clamd_start_tcp "$D" "$DB" "$port" "MaxFileSize 100K
StreamMaxLength 150K"
grep -q "^TCPSocket $port\$" "$D/clamd.conf" && grep -q '^MaxFileSize 100K$' "$D/clamd.conf"
check "clamd.conf has TCPSocket and the limits" [ $? -eq 0 ]

out=$(QSQ_CLAMD_SOCK=$D/clamd.sock QSQ_CLAMD_PORT=$port CK_RUN_SUITE=clamd CK_RUN_CASE=real \
  "$TOP/tests/unit/unit" 2>&1)
st=$?
printf '%s\n' "$out"
expect_eq "the unit tests' case real passes" "$st" 0
case $out in *"Checks: 5, Failures: 0, Errors: 0"*) ok "5 real-clamd checks ran, none failed" ;;
  *) bad "5 real-clamd checks ran, none failed" ;; esac
case $out in *skipped*) bad "case real was not skipped" ;; *) ok "case real was not skipped" ;; esac

# the scans reached this clamd: its log has the sample's and EICAR's
# detections, and the limit
n=$(grep -c 'Qscanq.Test.Eicar.UNOFFICIAL FOUND' "$D/clamd.log" 2>/dev/null) || n=0
check "clamd logged the detections ($n)" [ "$n" -ge 6 ]
check "clamd logged the limit" grep -q 'Heuristics.Limits.Exceeded' "$D/clamd.log"

clamd_stop "$D"
finish
