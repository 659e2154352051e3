"""Single-threaded trafilatura timing, same protocol as `newsdesk-bench extract`:
read every page into memory first, then extract repeatedly for at least N seconds."""
import pathlib
import sys
import time
import resource

import trafilatura

pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.htm*"))]
min_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
for html in pages:  # one untimed pass, as newsdesk-bench does
    trafilatura.extract(html)
done = 0
start = time.perf_counter()
while done == 0 or time.perf_counter() - start < min_seconds:
    for html in pages:
        trafilatura.extract(html)
        done += 1
secs = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"trafilatura pages={len(pages)} runs={done // len(pages)} seconds={secs:.3f} pages_per_sec={done / secs:.1f} peak_rss_mb={peak:.1f}")
