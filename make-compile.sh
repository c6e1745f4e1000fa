# Writes the compile script: compile FILE.c makes FILE.o beside it, and
# FILE.d, what it includes, for make (-MMD -MP: gcc's and clang's flags).
# -I: the top folder and every module of MODULES.
cc=`head -n 1 conf-cc`
inc=`sed -e 's/#.*//' MODULES | awk 'NF { printf " -I%s", $1 }'`
echo '#!/bin/sh'
echo 'o="${1%.c}.o"'
echo "exec $cc -MMD -MP -I.$inc -c -o \"\$o\" \"\$1\""
