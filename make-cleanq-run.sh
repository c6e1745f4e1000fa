# Writes cleanq's service scripts from conf-home, conf-users and
# conf-daemontools: make-cleanq-run.sh run (the service) or log (its log).
# Every value is single-quoted for the shell, whatever it holds.
quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
home=`head -n 1 conf-home`
dt=`head -n 1 conf-daemontools`
echo '#!/bin/sh'
case "$1" in
  run)
    echo 'exec 2>&1'
    echo "exec $(quote "$dt/setuidgid") $(quote "`sed -n 1p conf-users`") $(quote "$home/bin/cleanq")"
    ;;
  log)
    # 20 files of 1 MB: the summary of every message passes through this
    # log (about 300 bytes each), not only cleanq's own lines
    echo "exec $(quote "$dt/setuidgid") $(quote "`sed -n 2p conf-users`") $(quote "$dt/multilog") t s1000000 n20 ./main"
    ;;
  *)
    echo "make-cleanq-run.sh: usage: make-cleanq-run.sh run|log" >&2
    exit 100
    ;;
esac
