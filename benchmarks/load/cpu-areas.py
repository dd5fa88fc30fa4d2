#!/usr/bin/env python3
"""Shares of the host's CPU by area, from `perf script` output taken under load.

    perf record -F 499 -g -p HOST_PID -- sleep 15
    perf script | python3 benchmarks/load/cpu-areas.py

The host runs with DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0,
so that perf can name every managed frame (all JIT-compiled, listed in /tmp/perf-PID.map).

A sample whose leaf is in the runtime's native code (libcoreclr ships without symbols: mostly the
GC and allocation helpers) or the JIT counts as that. Otherwise a sample with the event dispatcher,
or the SQLite store's writer, anywhere on its stack counts as that; then SQLite's native code and
the kernel's file work, whose stacks stop inside SQLite (no frame pointers) and so cannot be
given to a caller. Any other sample goes to
the area of the frame nearest its leaf that belongs to one: so JSON written under the endpoint
counts as JSON even when the endpoint's continuation runs on the writer's completion.
"""
import re
import sys
from collections import Counter

LEAF = [
    ("runtime native (GC, allocation, stubs)", r"libcoreclr\.so"),
    ("JIT", r"libclrjit\.so"),
]
ANYWHERE = [
    ("event dispatcher and its writes", r"EventDispatcher|ClaimPendingEvents|AcknowledgeEvents|Webhook|RetentionWorker|TimerWorker|PollingWorker|StoreGauges"),
    ("SQLite writer (commands' transactions)", r"SqliteWriter|PendingCommit|SqliteProcessStore\.Lead|WriteAndGiveBackTurn"),
    # SQLite's native library has no frame pointers: its stacks end there, so its own code and the
    # kernel's file work under it (WAL writes, fsync, reads) cannot be told apart by caller.
    ("SQLite native and file I/O (writer, reads and dispatcher together)", r"libe_sqlite3|sqlite3|pwrite|pread|fsync|fdatasync|ext4_|jbd2|filemap|blk_mq|bio_|virtqueue|vp_notify|folio"),
]
NEAREST = [
    ("thread pool workers spinning for work", r"LowLevelLifoSemaphore|sched_yield"),
    ("JSON (request and response bodies)", r"System\.Text\.Json"),
    ("auth (bearer token, claims, authorization)", r"Authentication|JwtBearer|IdentityModel|ValidatedTokens|System\.Security\.Claims|Authorization"),
    ("rate limiter", r"RateLimit"),
    ("logging, metrics, activities", r"Microsoft\.Extensions\.Logging|System\.Diagnostics\.(Activity|Metrics|DiagnosticSource)|HostingApplicationDiagnostics|EngineTelemetry"),
    ("engine (decide, history, instance reads, store JSON)", r"MarketingWorkflows\.(Engine|StateMachines|Instances|Storage|Sqlite|Definitions|Expressions)|Microsoft\.Data\.Sqlite|SQLitePCL|libe_sqlite3|sqlite3"),
    ("host endpoint, routing, middleware", r"MarketingWorkflows\.Api|Microsoft\.AspNetCore\.(Routing|Http\.RequestDelegate|Http\.Generated|Http\.HttpResults|Diagnostics|StaticFiles|Builder|HostFiltering)|RequestDelegateFactory|lambda_method"),
    ("Kestrel, sockets, kernel network", r"Kestrel|System\.Net|System\.IO\.Pipelines|tcp_|sock_|inet_|ip_|__sys_|epoll|skb|net_rx|napi|loopback|__x64_sys_(sendto|recvfrom|read|write|writev)"),
    ("thread pool, async machinery", r"ThreadPool|System\.Threading|AsyncTaskMethodBuilder|AsyncStateMachineBox|ExecutionContext|AsyncMethodBuilderCore"),
]
OTHER = "other (runtime, libc, kernel)"

LEAF_C = [(n, re.compile(p)) for n, p in LEAF]
ANYWHERE_C = [(n, re.compile(p)) for n, p in ANYWHERE]
NEAREST_C = [(n, re.compile(p)) for n, p in NEAREST]


def samples(lines):
    stack = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line[0] not in " \t":
            stack = [line]
        else:
            stack.append(line.strip())
    if stack:
        yield stack


def area_of(frames):
    """The area of one sample, its frames listed from the leaf."""
    if frames:
        for name, pattern in LEAF_C:
            if pattern.search(frames[0]):
                return name
    for name, pattern in ANYWHERE_C:
        if any(pattern.search(f) for f in frames):
            return name
    for frame in frames:
        for name, pattern in NEAREST_C:
            if pattern.search(frame):
                return name
    return OTHER


def main():
    counts = Counter()
    total = 0
    for stack in samples(sys.stdin):
        total += 1
        counts[area_of(stack[1:])] += 1
    if total == 0:
        sys.exit("no samples")
    print(f"{'area':<60} {'share':>7}")
    for area, n in counts.most_common():
        print(f"{area:<60} {100 * n / total:5.1f} %")
    print(f"{'samples':<60} {total:>7}")


if __name__ == "__main__":
    main()
