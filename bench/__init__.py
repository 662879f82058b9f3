"""Benchmarks: index build time, search/ask latency, memory, retrieval quality against the
baselines, and API throughput. `python -m bench` (or `make bench`) prints one table per part and
writes bench/results/latest.json. Nothing here is a timed unit test.

Kept empty of imports on purpose: `python -m bench.worker` starts fresh processes whose start-up
time is part of what is measured.
"""
