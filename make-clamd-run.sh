# Writes qscanq's own clamd service from conf-clamd, conf-home, conf-users,
# conf-timeout and conf-daemontools:
#   make-clamd-run.sh run    the service's run script (as root: makes the
#                            socket's folder, then execs clamd in the
#                            foreground, which drops to conf-clamd's user)
#   make-clamd-run.sh log    its log's run script (multilog, the log user)
#   make-clamd-run.sh conf   the clamd.conf the service runs clamd with
# Every value in a script is single-quoted for the shell, whatever it holds.
quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
home=`head -n 1 conf-home`
dt=`head -n 1 conf-daemontools`
clamd=`sed -n 1p conf-clamd`
cuser=`sed -n 2p conf-clamd`
db=`sed -n 3p conf-clamd`
timeout=`head -n 1 conf-timeout`
sockdir=$home/qscanq/clamd
tmpdir=$home/qscanq/clamd-tmp
case "$home$db" in
  *'
'*) echo "make-clamd-run.sh: a path with a newline" >&2; exit 100 ;;
esac
case "$1" in
  run)
    echo '#!/bin/sh'
    echo 'exec 2>&1'
    echo '# The socket'"'"'s folder, every time: only the qscanq user may search it;'
    echo '# clamd, in its group, may create its socket there (INSTALL, SECURITY).'
    echo "umask 022"
    echo "mkdir -p $(quote "$sockdir") || exit 111"
    echo "g=\$(id -g $(quote "$cuser")) || exit 111"
    echo "chown $(quote "`sed -n 1p conf-users`"):\"\$g\" $(quote "$sockdir") || exit 111"
    echo "chmod 730 $(quote "$sockdir") || exit 111"
    echo '# A new clamd proves its alerting again (qscanq(8), proof.h)'
    echo "rm -f $(quote "$sockdir/clamd.ctl.alerted") || exit 111"
    echo '# Its temporary folder (TemporaryDirectory), clamd'"'"'s alone, every'
    echo '# time: whatever is mounted there (a tmpfs, INSTALL 3).'
    echo "mkdir -p $(quote "$tmpdir") || exit 111"
    echo "chown $(quote "$cuser"):\"\$g\" $(quote "$tmpdir") || exit 111"
    echo "chmod 700 $(quote "$tmpdir") || exit 111"
    echo "exec $(quote "$clamd") --config-file=$(quote "$home/qscanq/clamd-service/clamd.conf")"
    ;;
  log)
    echo '#!/bin/sh'
    echo "exec $(quote "$dt/setuidgid") $(quote "`sed -n 2p conf-users`") $(quote "$dt/multilog") t s1000000 n10 ./main"
    ;;
  conf)
    cat <<EOF
# clamd.conf for qscanq's own clamd (written by make-clamd-run.sh from
# conf-clamd, conf-home, conf-timeout: change those and make setup again,
# not this file). clamd.conf(5) of ClamAV 1.4 for each option.

# under supervise: in the foreground, its log on stdout for multilog
Foreground yes
LogTime no
LogClean no
LogVerbose no

# started by root, clamd drops to this user
User $cuser

# The only way in: a unix socket in a folder that only the qscanq user
# may search (mode 0730, group $cuser's). The socket itself is 0666: the
# folder is the gate, and the qscanq user is in no group of clamd's.
# No TCPSocket: nothing on the network.
LocalSocket $sockdir/clamd.ctl
LocalSocketMode 666
FixStaleSocket yes

# what clamd unpacks, while it scans: a folder of its own, made by the
# run script each time; on a tmpfs (INSTALL 3) each scan's files cost
# no disk (the control sample's 0.36 ms fell to 0.16, the alert
# sample's 1.97 to 1.19: bench/RESULTS)
TemporaryDirectory $tmpdir

# freshclam keeps this up to date; clamd looks for a new database
# every 600 s and loads it without a pause in the service
DatabaseDirectory $db
SelfCheck 600

# A file beyond a limit is reported (Heuristics.Limits.Exceeded...), and
# qscanq refuses the message for good as beyond the scanner's limits,
# never passes it as clean. clamd's defaults, written out: qscanq hands
# clamd the raw copy and every part by descriptor (no StreamMaxLength on
# a unix socket); MaxScanSize is at least twice MaxFileSize, since the
# raw copy counts with what clamd decodes from it.
AlertExceedsMax yes
MaxFileSize 100M
MaxScanSize 400M
MaxRecursion 17
MaxFiles 10000
# never shorter than conf-timeout: a slow scan is qscanq's to defer (71),
# not clamd's to report as beyond a limit (which would refuse for good)
MaxScanTime ${timeout}000

# one answer per file: qscanq takes a second answer to one request for
# a broken session
AllowAllMatchScan no
HeuristicScanPrecedence no
EOF
    ;;
  *)
    echo "make-clamd-run.sh: usage: make-clamd-run.sh run|log|conf" >&2
    exit 100
    ;;
esac
