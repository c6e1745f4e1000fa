# Writes the compile script: compile FILE.c makes FILE.o beside it.
cc=`head -n 1 conf-cc`
echo '#!/bin/sh'
echo 'o="${1%.c}.o"'
echo "exec $cc -I. -Ialloc -Ibyte -Ienv -Ierror -Ifd -Ifmt -Igetln -Iopen -Iprot -Iscan -Iseek -Isig -Istr -Istralloc -Istrerr -Isubfd -Isubstdio -Itai -Iwait -Imime -Iclamd -Iverdict -Iqsq -Isweep -c -o \"\$o\" \"\$1\""
