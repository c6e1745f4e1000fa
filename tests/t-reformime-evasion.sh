#!/bin/sh
# tests/t-reformime-evasion.sh: the evasions of issue 12, cases of our own
# making, each hiding EICAR in a zip behind one trick: base64 that clients
# decode differently, quoted-printable with broken escapes, uuencode and
# BinHex as transfer encodings, boundaries hidden from a strict parser.
# For each, reformime alone must give back the zip (unzip -p shows EICAR)
# and clamscan must find it in reformime's output; then qscanq with the
# real clamscan must refuse the mail. Clean, well-formed input must get
# no extra reading, and the limits hold just below and above.
. "$(dirname "$0")/lib.sh"

make -C "$TOP" -s reformime > /dev/null 2>&1 || { bad "make reformime"; finish; exit 1; }
R=$TOP/reformime
W=$QSQ_TMP/reformime-evasion
rm -rf "$W" && mkdir -p "$W/mail" "$W/out" || exit 1

# unpack NAME [ARGS] < MESSAGE: into a fresh $W/out/NAME; sets rc
unpack() {
  _n=$1; shift
  rm -rf "$W/out/$_n" && mkdir -p "$W/out/$_n" || return 1
  (cd "$W/out/$_n" && exec "$R" "$@") 2> "$W/out/$_n.err"
  rc=$?
}
names() { (cd "$W/out/$1" && ls | tr '\n' ' ' | sed 's/ $//'); }

E=$W/eicar
mkdir -p "$E"
sh "$TOP/tests/eicar" > "$E/eicar.com"
expect_eq "the EICAR test file has 68 bytes" "$(wc -c < "$E/eicar.com" | tr -d ' ')" "68"
(cd "$E" && rm -f eicar.zip && zip -q -X eicar.zip eicar.com) || bad "zip"
Z=$E/eicar.zip
DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
B64=$(base64 -w 76 < "$Z")
ZIPHDR='Content-Type: application/zip; name="eicar.zip"'

# trick NAME DESCRIPTION, with the message in $W/mail/NAME
trick() {
  _t=$1 _d=$2
  unpack "trick-$_t" < "$W/mail/$_t"
  expect_eq "$_t ($_d): exit 0" "$rc" "0"
  _found=no
  for _f in "$W/out/trick-$_t"/*; do
    [ -f "$_f" ] || continue
    if unzip -p "$_f" eicar.com 2>/dev/null | cmp -s - "$E/eicar.com"; then _found=$(basename "$_f"); break; fi
  done
  if [ "$_found" != no ]; then ok "$_t: reformime extracts the zip ($_found)"; else bad "$_t: reformime extracts the zip (got $(names "trick-$_t"))"; fi
  _cs=$(clamscan -d "$DB" --no-summary -r "$W/out/trick-$_t" 2>&1)
  _csrc=$?
  case "$_csrc:$_cs" in
    1:*Qscanq.Test.Eicar.UNOFFICIAL\ FOUND*) ok "$_t: clamscan finds it in the output" ;;
    *) bad "$_t: clamscan finds it in the output (exit $_csrc: $_cs)" ;;
  esac
}
# part ENCODING BODY: a multipart/mixed mail with one zip part
part() { printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: %s\n\n%s\n--b--\n' "$ZIPHDR" "$1" "$2"; }

# ------------------------------------------------------ 1. base64 readings

# skip: '=' in the middle of a group of four, which a decoder that skips
# every '=' reads through
S=$(printf '%s' "$B64" | tr -d '\n' | perl -pe 's/(.{41})/$1=/g; s/(.{100})/$1\n/g')
part base64 "$S" > "$W/mail/b64-skip"; trick b64-skip "= inside a group of four"
# stop: the zip, padding, then more data, which a decoder that stops at '=' never sees
S=$(perl -e 'local $/; my $d = <STDIN>; use MIME::Base64; $d .= "\0" while length($d) % 3 != 1;
  print encode_base64($d), "QUFBQUFB\nQkJC\n"' < "$Z")
part base64 "$S" > "$W/mail/b64-stop"; trick b64-stop "data after the padding"
# eol: junk after '=' on the same line, which a line decoder drops
S=$(perl -e 'local $/; my $d = <STDIN>; use MIME::Base64; my $o = "";
  for (my $i = 0; $i < length $d; $i += 57) { $o .= encode_base64(substr($d, $i, 57), "") . "=Zm9vYmFy\n" } print $o' < "$Z")
part base64 "$S" > "$W/mail/b64-eol"; trick b64-eol "junk after = at the end of each line"
# line: each line encoded by itself, without padding: lines not a multiple of four
S=$(perl -e 'local $/; my $d = <STDIN>; use MIME::Base64; my $o = "";
  for (my $i = 0; $i < length $d; $i += 50) { my $l = encode_base64(substr($d, $i, 50), ""); $l =~ s/=+$//; $o .= "$l\n" } print $o' < "$Z")
part base64 "$S" > "$W/mail/b64-line"; trick b64-line "per-line encoding, lines not a multiple of four"
# drop: a lone short line before the data, no blank line
part base64 "$(printf 'QUJ\n%s' "$B64")" > "$W/mail/b64-drop"; trick b64-drop "a short line before the data"
# para: junk characters, then a blank line, then the data
part base64 "$(printf 'Q\nUJ\n\n%s' "$B64")" > "$W/mail/b64-para"; trick b64-para "a few characters and a blank line before the data"
# a short line, a blank line, then the data
part base64 "$(printf 'QUJ\n\n%s' "$B64")" > "$W/mail/b64-blank"; trick b64-blank "a short line and a blank line before the data"
# clean: the body starts with something shaped like header lines
part base64 "$(printf 'X-Scanner-Note: clean\nContent-Description: zip\n\n%s' "$B64")" > "$W/mail/b64-header"; trick b64-header "a header-shaped first line in a base64 body"
# padding in the middle of a quantum, the rest on the next line
S=$(printf '%s' "$B64" | tr -d '\n' | perl -pe 's/^(.{202})(.*)$/$1==\n$2/; s/(.{76})/$1\n/g')
part base64 "$S" > "$W/mail/b64-midpad"; trick b64-midpad "padding in the middle of a quantum"

# ----------------------------------------------- 2. quoted-printable readings

QPENC='sub enc { my ($d, $f) = @_; my $o = ""; my $col = 0;
  for my $i (0 .. length($d) - 1) { my $c = substr($d, $i, 1); my $n = $i + 1 < length($d) ? substr($d, $i + 1, 1) : "";
    my $t = $f->($c, $n); $o .= $t; $col += length $t; if ($col > 70) { $o .= "=\n"; $col = 0 } } $o }'
# drop: an '=' before plain letters that are no hex digit: a client drops the '='
perl -e "$QPENC"' local $/; my $d = <STDIN>; my $k = 0;
  print enc($d, sub { my ($c) = @_; return "=$c" if $c =~ /[g-zG-Z]/ && $k++ % 2 == 0;
    return $c if $c =~ /[!-<>-~]/; sprintf("=%02X", ord $c) }), "\n"' < "$Z" > "$W/qp"
part quoted-printable "$(cat "$W/qp")" > "$W/mail/qp-drop"; trick qp-drop "= before letters that are no hex digits"
# half: a byte below 16 as = and one hex digit, when no hex digit follows
perl -e "$QPENC"' local $/; my $d = <STDIN>;
  print enc($d, sub { my ($c, $n) = @_; return sprintf("=%X", ord $c) if ord($c) < 16 && $n =~ /[g-zG-Z!-\/:-<>-@]/;
    return $c if $c =~ /[!-<>-~]/; sprintf("=%02X", ord $c) }), "\n"' < "$Z" > "$W/qp"
part quoted-printable "$(cat "$W/qp")" > "$W/mail/qp-half"; trick qp-half "= and one hex digit, then a non-hex character"
# skip: junk escapes (= and a non-hex character) that a client drops whole
perl -e "$QPENC"' local $/; my $d = <STDIN>; my $k = 0;
  print enc($d, sub { my ($c) = @_; my $j = $k++ % 5 == 0 ? "=Q" : "";
    return "$j$c" if $c =~ /[!-<>-~]/; $j . sprintf("=%02X", ord $c) }), "\n"' < "$Z" > "$W/qp"
part quoted-printable "$(cat "$W/qp")" > "$W/mail/qp-skip"; trick qp-skip "junk escapes = and a non-hex character"
# eol: soft line breaks with junk after them
perl -MMIME::QuotedPrint -e 'local $/; my $s = encode_qp(<STDIN>); $s =~ s/=\n/= junk\n/g; print $s' < "$Z" > "$W/qp"
part quoted-printable "$(cat "$W/qp")" > "$W/mail/qp-eol"; trick qp-eol "soft line breaks with junk after them"
# every byte encoded, hex digits in lower case
perl -e 'local $/; my $d = <STDIN>; my $o = ""; my $i = 0;
  for my $c (split //, $d) { $o .= sprintf("=%02x", ord $c); $o .= "=\n" if ++$i % 25 == 0 } print "$o\n"' < "$Z" > "$W/qp"
part quoted-printable "$(cat "$W/qp")" > "$W/mail/qp-full"; trick qp-full "every byte encoded, in lower case"

# ----------------------------------------- 3. uuencode and BinHex as encodings

UUDATA=$(perl -e 'local $/; print pack("u", <STDIN>)' < "$Z")
part uuencode "$UUDATA" > "$W/mail/uu-nobegin"; trick uu-nobegin "uuencode encoding, no begin line"
part x-uue "$(printf 'Begin  0644 eicar.zip\n%s\n`\nEND\n' "$UUDATA")" > "$W/mail/uu-laxbegin"; trick uu-laxbegin "x-uue encoding, odd begin line"
part uue "$(printf 'begin 644 eicar.zip\n%s\n`\nend\n' "$UUDATA")" > "$W/mail/uu-uue"; trick uu-uue "uue encoding"
part x-uuencode "$UUDATA" > "$W/mail/uu-x"; trick uu-x "x-uuencode encoding, no begin line"

# hqx [COMMENT]: BinHex 4.0 of the zip, with run-length coding and CRCs
hqx() {
  perl -e 'local $/; my $d = <STDIN>;
  sub crc { my $c = 0; for my $b (unpack("C*", $_[0] . "\0\0")) { for my $i (0 .. 7) { my $t = $c & 0x8000;
      $c = (($c << 1) | (($b >> (7 - $i)) & 1)) & 0xffff; $c ^= 0x1021 if $t } } pack("n", $c) }
  my $name = "eicar.zip";
  my $h = pack("C", length $name) . $name . "\0" . "ZIP " . "????" . "\0\0" . pack("NN", length $d, 0);
  my $s = $h . crc($h) . $d . crc($d) . crc("");
  my $r = ""; my $i = 0;
  while ($i < length $s) { my $c = substr($s, $i, 1); my $n = 1;
    $n++ while $i + $n < length $s && substr($s, $i + $n, 1) eq $c && $n < 255;
    if ($c eq "\x90") { $r .= "\x90\0"; $n = 1 } elsif ($n >= 3) { $r .= $c . "\x90" . chr($n) } else { $r .= $c x $n }
    $i += $n }
  my $a = q{!"#$%&'"'"'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr};
  my $bits = unpack("B*", $r); $bits .= "0" x ((6 - length($bits) % 6) % 6);
  my $o = ":"; my $col = 1;
  for my $k (0 .. length($bits) / 6 - 1) { $o .= substr($a, oct("0b" . substr($bits, 6 * $k, 6)), 1); if (++$col == 64) { $o .= "\n"; $col = 0 } }
  print $ARGV[0], $o, ":\n"' "$1" < "$Z"
}
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/mac-binhex40; name="eicar.hqx"\n\n%s\n--b--\n' \
  "$(hqx '(This file must be converted with BinHex 4.0)
')" > "$W/mail/hqx-type"; trick hqx-type "application/mac-binhex40"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: mac-binhex40\n\n%s\n--b--\n' \
  "$(hqx '')" > "$W/mail/hqx-cte"; trick hqx-cte "mac-binhex40 as the encoding, no opening line"
printf 'Content-Type: text/plain\n\nHere it is:\n\n%s\nbye\n' "$(hqx '(This file must be converted with BinHex 4.0)
')" > "$W/mail/hqx-text"; trick hqx-text "BinHex in a text part"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/mac-binhex40\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' \
  "$(hqx '' | base64 -w 76)" > "$W/mail/hqx-b64"; trick hqx-b64 "BinHex inside base64"

# ------------------------------------------------------ 4. hidden boundaries

# bnd NAME CONTENT-TYPE-LINE DELIMITER [DESCRIPTION]: a multipart mail whose zip part follows DELIMITER
bnd() {
  printf '%s\n\n--decoy\n\nnothing here\n%s\n%s\nContent-Transfer-Encoding: base64\n\n%s\n%s--\n' "$2" "$3" "$ZIPHDR" "$B64" "$3" > "$W/mail/$1"
  trick "$1" "$4"
}
bnd bnd-escout 'Content-Type: multipart/mixed; boundary=re\al' '--real' "backslash escape outside quotes"
bnd bnd-escraw 'Content-Type: multipart/mixed; boundary="re\"al"' '--re\"al' "backslash inside quotes, taken as written"
bnd bnd-squote "Content-Type: multipart/mixed; boundary='real'" '--real' "single quotes"
bnd bnd-squote-ws "Content-Type: multipart/mixed; boundary=' real '" '--real' "single quotes and white space"
bnd bnd-ws 'Content-Type: multipart/mixed; boundary="  real  "' '--real' "white space inside the quotes"
bnd bnd-trailws 'Content-Type: multipart/mixed; boundary=real' '--real   ' "white space after the delimiter"
bnd bnd-comment 'Content-Type: multipart/mixed (boundary="real"); boundary="decoy"' '--real' "boundary= in a comment, a decoy outside"
bnd bnd-inparam 'Content-Type: multipart/mixed; name="x; boundary=real"; boundary=decoy' '--real' "boundary= inside another parameter"
bnd bnd-twice 'Content-Type: multipart/mixed; boundary=decoy; boundary="real"' '--real' "the parameter twice"
bnd bnd-utf16 "Content-Type: multipart/mixed; boundary*=utf-16be''%00r%00e%00a%00l" '--real' "RFC 2231 in UTF-16"
bnd bnd-utf16bom "Content-Type: multipart/mixed; boundary*=utf-16''%FF%FEr%00e%00a%00l%00" '--real' "RFC 2231 in UTF-16 with a byte order mark"
bnd bnd-2231dup "Content-Type: multipart/mixed; boundary*0=de; boundary*0=re; boundary*1=al; boundary*3=zz" '--real' "RFC 2231 sections twice, and a gap"
bnd bnd-2231order "Content-Type: multipart/mixed; boundary*1*=al; boundary*0*=utf-8''r%65" '--real' "RFC 2231 sections out of order"
bnd bnd-extra 'Content-Type: multipart/mixed; boundary=real' '--real; not a boundary to a strict parser' "extra characters after the delimiter"
bnd bnd-typesp 'Content-Type: multipart / mixed; boundary=real' '--real' "space around the /"
bnd bnd-typex 'Content-Type: x-multipart/mixed; boundary=real' '--real' "an x- prefix"
bnd bnd-typeunk 'Content-Type: multipart/x-unknown; boundary=real' '--real' "an unknown subtype"
bnd bnd-colon 'Content-Type  : multipart/mixed; boundary=real' '--real' "white space before the colon"
bnd bnd-vtab "$(printf '\vContent-Type: multipart/mixed; boundary=real')" '--real' "a field behind a vertical tab"
bnd bnd-hidden 'Content-Type: multipart/mixed; boundary="decoy"; x-hint="=?utf-8?B?cmVhbA?="' '--real' "a boundary no header reading gives"
# the outer delimiter inside an encoded inner message that says multipart but no boundary
printf 'Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n%s\n--o--\n' \
  "$(printf 'Subject: inner\nContent-Type: multipart/mixed\n\n--o\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--o--\n' "$ZIPHDR" "$B64" | base64 -w 76)" > "$W/mail/bnd-inner"
trick bnd-inner "the outer boundary inside an encoded inner part"

# ------------------------------------------ clean input gets no extra reading

printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/clean-b64"
unpack clean-b64 < "$W/mail/clean-b64"
# (1.1.z1 is the zip's member, opened by mime_zip.c: no extra reading)
expect_eq "clean base64 with final padding: one file, and its zip member" "$rc:$(names clean-b64)" "0:1.1 1.1.z1"
printf 'Content-Transfer-Encoding: base64\n\naGVsbG8gd29y\nbGQ\n\n' > "$W/mail/clean-b64short"
unpack clean-b64short < "$W/mail/clean-b64short"
expect_eq "base64 whose last line is short and unpadded: one file" "$rc:$(names clean-b64short)" "0:1"
printf 'Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nsoft=\nbreak =3D and =E9t=E9\n' > "$W/mail/clean-qp"
unpack clean-qp < "$W/mail/clean-qp"
expect_eq "clean quoted-printable: one file" "$rc:$(names clean-qp)" "0:1"
printf 'Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=o-inner\n\n--o-inner\nContent-Type: text/plain\n\nA\n-- \nsig\n--o-inner--\n--o--\n' > "$W/mail/clean-nested"
unpack clean-nested < "$W/mail/clean-nested"
expect_eq "nested multipart, inner boundary starting with the outer one: no extra split" "$rc:$(names clean-nested)" "0:1.1.1"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n\nsee below\n-----Original Message-----\nFrom: a@example.com\nSubject: x\n\n-- \nsig\n--b--\n' > "$W/mail/clean-dash"
unpack clean-dash < "$W/mail/clean-dash"
expect_eq "-- lines in a part (an Outlook quote, a signature): no extra split" "$rc:$(names clean-dash)" "0:1.1"

# --------------------------------------------------------------- limits

# delimiters found in the body: no count of their own (reformime(1),
# LIMITS): 17 and 100 are each split on, within the work budgets
delims() {
  perl -e 'print "Content-Type: multipart/mixed; boundary=decoy\n\n--decoy\n\nx\n";
    for my $i (1 .. $ARGV[0]) { print "--hidden$i\nContent-Type: text/plain\n\npart $i\n" }' "$1"
}
for n in 16 17 100; do
  delims $n > "$W/delims$n"; unpack delims$n < "$W/delims$n"
  expect_eq "$n delimiters found in the body: exit 0" "$rc" "0"
  expect_eq "$n delimiters found in the body: each split" "$(ls "$W/out/delims$n" | grep -c -- '-x[0-9]*\.1$')" "$n"
done
check "100 delimiters: the 100th part is on its own" grep -qx 'part 100' "$W/out/delims100/1-x100.1"

# BinHex run-length coding against the output limit: the largest data fork
# that passes, found by bisection, and one byte more
rle() {
  perl -e 'my $n = $ARGV[0]; my $r = "\x00" . "\0" . "????????" . "\0\0" . pack("NN", $n, 0) . "\0\0";
    while ($n > 0) { my $k = $n > 255 ? 255 : $n; $r .= $k >= 3 ? "A\x90" . chr($k) : "A" x $k; $n -= $k }
    my $a = q{!"#$%&'"'"'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr};
    my $bits = unpack("B*", $r); $bits .= "0" x ((6 - length($bits) % 6) % 6);
    my $o = ":"; for my $k (0 .. length($bits) / 6 - 1) { $o .= substr($a, oct("0b" . substr($bits, 6 * $k, 6)), 1); $o .= "\n" if $k % 64 == 63 }
    print "Content-Type: application/mac-binhex40\n\n$o:\n"' "$1"
}
lo=4194304 hi=8388608
while [ $((hi - lo)) -gt 1 ]; do
  mid=$(((lo + hi) / 2))
  rle $mid > "$W/rle"; unpack rle -l < "$W/rle" > /dev/null
  if [ "$rc" -eq 0 ]; then lo=$mid; else hi=$mid; fi
done
rle $lo > "$W/rle"; unpack rle-below -s < "$W/rle"
expect_eq "BinHex run-length output just below the limit: exit 0" "$rc" "0"
st=$(sed -n 's/.* in \([0-9]*\) .* out \([0-9]*\) .*/\1 \2/p' "$W/out/rle-below.err")
expect_eq "just below: out at most 16 x in + 4 MiB ($st)" "$(echo "$st" | awk '{ print (16 * $1 + 4194304 - $2 >= 0) }')" "1"
rle $((lo + 1)) > "$W/rle"; unpack rle-above -s < "$W/rle"
expect_eq "BinHex run-length output one byte over the limit: exit 31" "$rc" "31"
check "one byte over: says which limit" grep -q '^reformime: fatal: output larger than 16 times the input plus 4194304 bytes' "$W/out/rle-above.err"

# ------------------------------------------- qscanq with the real clamscan

ARGS="--infected --no-summary --recursive --alert-exceeds-max=yes"
if sandbox scan "/usr/bin/clamscan -d $DB $ARGS ." 30; then
  Q=$QSQ_TMP/evasion-queue
  printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$W/env"
  chmod 755 "$W" "$W/mail" && chmod 644 "$W/env" "$W/mail"/*
  n=0 refused=0
  for f in "$W/mail"/*; do
    case $(basename "$f") in clean-*) continue ;; esac
    rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
    out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
      env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$f" "$W/env" 2> "$W/qscanq.log")
    n=$((n + 1))
    if [ "$(printf '%s\n' "$out" | sed -n 1p)" = "554 mail server permanently rejected message (#5.3.0)" ] &&
       [ "$(ls "$Q" | grep -c '\.info$')" -eq 0 ]; then refused=$((refused + 1))
    else echo "# not refused: $(basename "$f"): $(printf '%s\n' "$out" | head -n 1)"; fi
  done
  expect_eq "qscanq with clamscan refuses every one of the $n evasion mails" "$refused" "$n"
  rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
  out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$W/mail/clean-dash" "$W/env" 2> "$W/qscanq.log")
  expect_eq "qscanq with clamscan queues a clean mail" "$(printf '%s\n' "$out" | sed -n 1p)/$(ls "$Q" | grep -c '\.info$')" "250 ok/1"
else
  bad "sandbox scan"
fi

finish
