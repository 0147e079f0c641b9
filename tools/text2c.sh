#!/bin/sh
# text2c.sh: embed a text file in C as a NUL-terminated string: text2c.sh NAME IN OUT
name=$1; in=$2; out=$3
{
    printf '/* generated from %s by tools/text2c.sh; do not edit */\n' "$in"
    printf 'const char %s[] =\n' "$name"
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' "$in"
    printf '    "";\n'
} > "$out.tmp" && mv "$out.tmp" "$out"
