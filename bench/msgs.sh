# bench/msgs.sh: the messages of bench/qscanq.sh and bench/compare, made
# here each run (nothing large is committed); sourced (POSIX sh).
#   bench_msgs DIR   writes DIR/small, att100k, att5m, multi50, infected
#                    and DIR/env (the envelope), mode 644; needs TOP
#   BENCH_MSGS       their names, smallest cases first as qscanq.sh runs them
BENCH_MSGS="small att100k att5m multi50 infected"
b64() { perl -MMIME::Base64 -e 'local $/; print encode_base64(<STDIN>)'; }
# rnd BYTES SEED: the same pseudo-random bytes every run
rnd() { perl -e 'srand($ARGV[1]); my $s = ""; $s .= pack("N", int(rand(4294967296))) for 1 .. ($ARGV[0] + 3) / 4; print substr($s, 0, $ARGV[0])' "$1" "$2"; }
hdr() {
  printf 'Return-Path: <alice@example.com>\nReceived: from mx.example.org (mx.example.org [192.0.2.1])\n  by mail.example.com with SMTP; 21 Nov 2025 12:00:00 -0000\n'
  printf 'From: Alice <alice@example.com>\nTo: Bob <bob@example.com>\nSubject: %s\nDate: Fri, 21 Nov 2025 12:00:00 +0000\nMessage-ID: <%s@example.com>\n' "$1" "$1"
}
attach() { # attach SUBJECT BYTES SEED
  hdr "$1"
  printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="=_b1"\n\n--=_b1\nContent-Type: text/plain; charset=us-ascii\n\nThe file is attached.\n\n--=_b1\n'
  printf 'Content-Type: application/octet-stream; name="data.bin"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="data.bin"\n\n'
  rnd "$2" "$3" | b64
  printf -- '--=_b1--\n'
}
bench_msgs() {
  _d=$1
  { hdr small; printf '\nHi Bob,\n\nLunch at noon tomorrow? The usual place.\n\n-- \nAlice\n'; } > "$_d/small"
  attach att100k 102400 1 > "$_d/att100k"
  attach att5m 5242880 2 > "$_d/att5m"
  {
    hdr multi50
    printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="=_m50"\n\n'
    i=1
    while [ $i -le 50 ]; do
      if [ $((i % 2)) = 1 ]; then
        printf -- '--=_m50\nContent-Type: text/plain; charset=us-ascii\n\nPart %d of 50.\n' $i
        perl -e 'print "Line $_ of some quoted text in this part, long enough to look like mail.\n" for 1 .. 12'
      else
        printf -- '--=_m50\nContent-Type: application/octet-stream; name="p%d.bin"\nContent-Transfer-Encoding: base64\n\n' $i
        rnd 1024 $((i + 100)) | b64
      fi
      i=$((i + 1))
    done
    printf -- '--=_m50--\n'
  } > "$_d/multi50"
  {
    hdr infected
    printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="=_v"\n\n--=_v\nContent-Type: text/plain\n\nsee attached\n--=_v\n'
    printf 'Content-Type: application/octet-stream; name="e.com"\nContent-Transfer-Encoding: base64\n\n'
    sh "$TOP/tests/eicar" | b64
    printf -- '--=_v--\n'
  } > "$_d/infected"
  printf 'Falice@example.com\0Tbob@example.com\0\0' > "$_d/env"
  chmod 644 "$_d"/*
}
