#!/usr/bin/env python3
"""The CSV reading reference: pandas read_csv of one file, with the options overlap_peer.py uses.

Appends the time spent inside read_csv (seconds) to $BENCH_INPROCESS_LOG, so the table can show it
beside the end-to-end time (which includes starting Python and importing pandas).
"""
import os
import sys
import time

import pandas as pd

start = time.perf_counter()
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
elapsed = time.perf_counter() - start
if os.environ.get("BENCH_INPROCESS_LOG"):
    with open(os.environ["BENCH_INPROCESS_LOG"], "a") as f:
        f.write(f"{elapsed:.6f}\n")
print(len(frame))
