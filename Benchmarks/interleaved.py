#!/usr/bin/env python3
"""Times commands in alternating rounds (A, B, C, A, B, C, ...) and compares each with the first.

hyperfine runs all of one command's runs, then all of the next's: on a shared VM whose speed moves by a
third from minute to minute, that can favour whichever came at a quiet moment. Here every round runs
each command once, back to back, so each round's ratio compares commands under the same conditions;
the median of those per-round ratios is the figure to trust.

    Benchmarks/interleaved.py [--rounds N] NAME=COMMAND ...      the first command is the reference

    Benchmarks/interleaved.py --rounds 40 \\
        "xmllint=xmllint --stream --noout --schema schemas/portfolio.xsd .bench-data/region.xml" \\
        "new=.build/release/convenor validate .bench-data/region.xml" \\
        "old=/tmp/convenor-main validate .bench-data/region.xml"
"""
import argparse
import shlex
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    a = ap.parse_args()
    commands = {}
    for spec in a.commands:
        name, _, command = spec.partition("=")
        if not command:
            ap.error(f"expected NAME=COMMAND, got {spec!r}")
        commands[name] = shlex.split(command)
    times = {name: [] for name in commands}
    # One untimed round first (page cache, dynamic loader).
    for argv in commands.values():
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for _ in range(a.rounds):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    reference = next(iter(commands))
    print(f"{a.rounds} rounds; ratio = {reference}'s time ÷ the command's (above 1: faster than {reference})")
    print(f"| command | median | min | median of per-round ratios | ratio of medians |")
    print(f"|---|---|---|---|---|")
    for name, t in times.items():
        ratios = [r / x for r, x in zip(times[reference], t)]
        print(f"| {name} | {statistics.median(t) * 1000:.0f} ms | {min(t) * 1000:.0f} ms | "
              f"{statistics.median(ratios):.2f}× | {statistics.median(times[reference]) / statistics.median(t):.2f}× |")


if __name__ == "__main__":
    main()
