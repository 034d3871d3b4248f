#!/bin/bash
# 1M: after (cold, --retrain) and plain Splink, one run each, in one hold of the big-job lock.
LIST=/tmp/speed/oh1m; PY=/work/wt/speed/.venv/bin/python; O=/tmp/speed/ab/oh1m; mkdir -p $O; cd /tmp/speed
export LINKAGE_MODEL_CACHE=/tmp/speed/abcache
run() { name=$1; shift; rm -rf $O/$name-1; /usr/bin/time -v "$@" > $O/$name-1.log 2>&1; }
run cold env PYTHONPATH=/tmp/speed/after/src $PY -m linkage --temp-dir /tmp/speed/tmp dedupe $LIST/mentions.csv --out $O/cold-1 --retrain
(cd /work/wt/speed/benchmarks && run plain $PY -m peers.splink_plain --data $LIST --out $O/plain-1)
