#!/usr/bin/env python3
"""Benchmark: words per second and peak memory of ingest and of each stage, on long texts.

Usage: python scripts/benchmark.py [FOLDER_OR_FILES...] [--scale N]

By default it reads the full novels in ../shared/data/litbank/original. Time is measured
without tracing; peak memory per stage in a second pass under tracemalloc. ``--scale``
also runs one text repeated 1, 2 and 4 times (up to N) to show cost grows linearly.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from ficlens.analysis import default_pipeline
from ficlens.ingest import expand_paths, read_bytes, read_path
from ficlens.textstats import count_words

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "litbank" / "original"


def measure(paths: list[Path]) -> None:
    pipeline = default_pipeline()
    seconds: dict[str, float] = defaultdict(float)
    peaks: dict[str, int] = defaultdict(int)
    words = 0
    for path in paths:
        t0 = time.perf_counter()
        doc = read_path(path)
        seconds["ingest"] += time.perf_counter() - t0
        words += count_words(doc.text)
        _, timings = pipeline.timed(doc)
        for name, secs in timings:
            seconds[name] += secs
        tracemalloc.start()
        doc = read_path(path)
        peaks["ingest"] = max(peaks["ingest"], tracemalloc.get_traced_memory()[1])
        for st in pipeline.stages:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            doc = st(doc)
            peaks[st.name] = max(peaks[st.name], tracemalloc.get_traced_memory()[1] - base)
        tracemalloc.stop()
    total = sum(seconds.values())
    print(f"{len(paths)} texts, {words:,} words, {total:.2f} s in all")
    print(f"{'stage':<14}{'seconds':>10}{'words/s':>14}{'peak MiB':>10}")
    for name, secs in seconds.items():
        rate = words / secs if secs else float("inf")
        print(f"{name:<14}{secs:>10.3f}{rate:>14,.0f}{peaks[name] / 2**20:>10.1f}")
    print(f"{'all':<14}{total:>10.3f}{words / total:>14,.0f}")


def scaling(path: Path, factor: int) -> None:
    pipeline = default_pipeline()
    data = path.read_bytes()
    print(f"\nscaling on {path.name}:")
    print(f"{'copies':>7}{'words':>12}{'seconds':>10}{'words/s':>14}{'peak MiB':>10}")
    n = 1
    while n <= factor:
        blob = b"\n\n".join([data] * n)
        t0 = time.perf_counter()
        doc = pipeline(read_bytes(blob, path.name))
        secs = time.perf_counter() - t0
        words = count_words(doc.text)
        tracemalloc.start()
        pipeline(read_bytes(blob, path.name))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{n:>7}{words:>12,}{secs:>10.3f}{words / secs:>14,.0f}{peak / 2**20:>10.1f}")
        n *= 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--scale", type=int, default=4, help="largest repetition factor")
    args = parser.parse_args()
    paths = list(expand_paths(args.paths))
    if not paths:
        raise SystemExit(f"no texts found in {args.paths}")
    measure(paths)
    longest = max(paths, key=lambda p: p.stat().st_size)
    scaling(longest, args.scale)


if __name__ == "__main__":
    main()
