#!/usr/bin/env python3
"""Prints the CPU seconds (user + system) a database server has used so far: its main process (all threads),
its live child processes, and the children it has already reaped (cutime/cstime), e.g. PostgreSQL's backends.

    bench/server-cpu.py postgres|mariadbd

Needs read access to /proc/PID/stat of the server (same user, or root). The difference of two calls is the
server's work between them, including that of any other client of the same server at the time.
"""
import os
import sys

name = sys.argv[1]
tick = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    comm_end = text.rindex(")")
    fields = text[comm_end + 2:].split()
    # fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17
    return int(fields[1]), [int(x) for x in fields[11:15]]


procs = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/comm") as f:
            comm = f.read().strip()
        procs[int(pid)] = (comm, *stat(pid))
    except (OSError, ValueError):
        continue
roots = [p for p, (comm, ppid, _) in procs.items() if comm == name and procs.get(ppid, ("",))[0] != name]
total = 0
for root in roots:
    _, _, (ut, st, cut, cst) = procs[root]
    total += ut + st + cut + cst
    total += sum(sum(t[:2]) for p, (_, ppid, t) in procs.items() if ppid == root)
print(f"{total / tick:.2f}")
