"""CPython side of `npm run bench:reward`: times difflib's character-level ratio (autojunk off)
on the pairs given as JSON on stdin and prints the timings and ratios as JSON."""

import difflib
import json
import statistics
import sys
import time

results = []
for pair in json.load(sys.stdin):
    seconds = []
    ratio = None
    for _ in range(pair["repeats"]):
        start = time.perf_counter()
        ratio = difflib.SequenceMatcher(None, pair["pred"], pair["oracle"], autojunk=False).ratio()
        seconds.append(time.perf_counter() - start)
    results.append({"name": pair["name"], "median_ms": statistics.median(seconds) * 1000, "ratio": ratio})
json.dump({"python": sys.version.split()[0], "results": results}, sys.stdout)
