"""Calls one workload of the benchmark service n times with one caller (msgpack); prints RESULT p50_ns p99_ns."""
import sys
import time

import Pyro5.api

Pyro5.config.SERIALIZER = "msgpack"
uri, workload, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
proxy = Pyro5.api.Proxy(uri)
text = "The quick brown fox jumps over the lazy dog; Pyro echoes it: 012"
pojo = {"id": 4000000001, "name": "widget-16-chars!", "price": 19.99, "quantity": 7, "active": True}
data = bytes(1 << 20)


def call():
    if workload == "add":
        assert proxy.add(1, 2) == 3
    elif workload == "echo":
        assert proxy.echo(text) == text
    elif workload == "pojo":
        r = proxy.roundtrip(pojo)
        assert r["id"] == pojo["id"] + 1 and r["quantity"] == 8 and r["active"] is False, r
    elif workload == "bytes":
        assert proxy.sink(data) == len(data)
    else:
        raise SystemExit("unknown workload " + workload)


for _ in range(max(20, n // 5)):
    call()
times = []
for _ in range(n):
    t = time.perf_counter_ns()
    call()
    times.append(time.perf_counter_ns() - t)
times.sort()
print("RESULT", times[len(times) // 2], times[min(len(times) - 1, (len(times) * 99) // 100)], flush=True)
