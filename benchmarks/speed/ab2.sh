#!/bin/bash
# One round on LIST: before (the branch's base), after (this branch) with --retrain, plain Splink.
# Each run: /usr/bin/time -v for wall and peak RSS; tables by benchmarks/speed/summarise.py.
# The two engines are snapshots (each reads its own models/):
#   git archive BASE | tar -x -C /tmp/speed/before; git archive HEAD | tar -x -C /tmp/speed/after
# Usage: for r in 1 2 3; do flock /work/wt/bigjob.lock benchmarks/speed/ab2.sh /tmp/lk/oh200 $r oh200; done
LIST=$1; ROUND=$2; TAG=$3; PY=/work/wt/speed/.venv/bin/python
O=/tmp/speed/ab/$TAG; mkdir -p $O; cd /tmp/speed  # the snapshots read their own models/, not the working folder's
export LINKAGE_MODEL_CACHE=/tmp/speed/abcache
run() { name=$1; shift; rm -rf $O/$name-$ROUND; /usr/bin/time -v "$@" > $O/$name-$ROUND.log 2>&1; }
run before env PYTHONPATH=/tmp/speed/before/src $PY -m linkage --temp-dir /tmp/speed/tmp dedupe $LIST/mentions.csv --out $O/before-$ROUND --retrain
run cold env PYTHONPATH=/tmp/speed/after/src $PY -m linkage --temp-dir /tmp/speed/tmp dedupe $LIST/mentions.csv --out $O/cold-$ROUND --retrain
(cd /work/wt/speed/benchmarks && run plain $PY -m peers.splink_plain --data $LIST --out $O/plain-$ROUND)
