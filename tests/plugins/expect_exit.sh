#!/bin/sh
# expect_exit.sh CODE COMMAND [ARG...]: runs COMMAND, passes when it exits
# with CODE. Lets CTest assert an exact exit status (1 vs 2), not just
# failure.
expected=$1
shift
"$@"
actual=$?
if [ "$actual" -ne "$expected" ]; then
  echo "expected exit status $expected, got $actual" >&2
  exit 1
fi
exit 0
