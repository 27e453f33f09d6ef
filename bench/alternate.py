#!/usr/bin/env python3
"""Runs two or more commands in turn, N rounds, and prints each one's wall and CPU time.

    bench/alternate.py ROUNDS 'command A' 'command B' [...]

On a shared, noisy machine, hyperfine's "all runs of A, then all runs of B" lets a slow
minute fall on one side only. Alternating puts both sides in the same minutes; the minimum
is the run least disturbed by other work (disturbance only ever adds time), the median the
typical one. CPU time is user + system of the command and its children (from wait4), which
other processes disturb less than wall time. With two commands it also prints the share of
A's time that B does not spend: (A - B) / A, the cost of what A does and B does not.
Each command runs once before the rounds (a warm-up whose times are dropped). With
PREPARE set, that shell command runs (untimed) before every run: PREPARE=sync lets the
file system write back what the previous command wrote, which otherwise slows whichever
command runs next (a tool that rewrites every output file leaves hundreds of megabytes).
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(command):
    """Wall seconds and CPU seconds (user + system) of one run of `command`."""
    if os.environ.get("PREPARE"):
        subprocess.run(os.environ["PREPARE"], shell=True, check=True)
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        args = shlex.split(command)
        try:
            os.execvp(args[0], args)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {command}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rounds, commands = int(sys.argv[1]), sys.argv[2:]
    for command in commands:
        run(command)
    walls = [[] for _ in commands]
    cpus = [[] for _ in commands]
    for _ in range(rounds):
        for k, command in enumerate(commands):
            wall, cpu = run(command)
            walls[k].append(wall)
            cpus[k].append(cpu)
    for k, command in enumerate(commands):
        print(
            f"wall median {statistics.median(walls[k]):7.3f} s  min {min(walls[k]):7.3f} s   "
            f"CPU median {statistics.median(cpus[k]):7.3f} s  min {min(cpus[k]):7.3f} s   {command}"
        )
    if len(commands) == 2:
        share = lambda a, b: (a - b) / a * 100
        print(
            f"share of the first's time the second does not spend: "
            f"wall {share(statistics.median(walls[0]), statistics.median(walls[1])):.0f}% (median), "
            f"{share(min(walls[0]), min(walls[1])):.0f}% (min); "
            f"CPU {share(statistics.median(cpus[0]), statistics.median(cpus[1])):.0f}% (median), "
            f"{share(min(cpus[0]), min(cpus[1])):.0f}% (min)"
        )


if __name__ == "__main__":
    main()
