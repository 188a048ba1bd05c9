# A Python Pyro5 client exercising a Java daemon (the interop suite's JavaDaemonInteropTest).
# Prints one "CHECK <key> <value>" line per check; the Java test asserts them. Serializer: PYRO_SERIALIZER.
import sys, threading, time, Pyro5.api, Pyro5.errors

lab_uri, ns_host, ns_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
modes = {"single": sys.argv[4], "session": sys.argv[5], "percall": sys.argv[6]}
small_uri = sys.argv[7]  # a daemon with a 64 KiB maximum message size


def check(key, value):
    print("CHECK", key, repr(value), flush=True)


def attempt(key, fn):
    try:
        check(key, fn())
    except Exception as e:
        check(key, "RAISED %s: %s" % (type(e).__name__, e))


with Pyro5.api.Proxy(lab_uri) as lab:
    lab._pyroBind()
    check("methods", sorted(lab._pyroMethods))
    check("attrs", sorted(lab._pyroAttrs))
    check("oneway", sorted(lab._pyroOneway))
    # values
    check("add", lab.add(2, 3))
    check("echo.str", lab.echo("héllo"))
    check("echo.list", lab.echo([1, 2.5, "x", None, True]))
    check("echo.dict", lab.echo({"a": 1, "b": [1, 2]}))
    check("echo.bigint", lab.echo(2 ** 70))
    check("echo.kwargs", lab.add(a=4, b=5))
    # exceptions: thrown, with the Java traceback
    try:
        lab.fail("boom")
        check("fail", "no exception")
    except ValueError as e:
        check("fail", "%s: %s" % (type(e).__name__, e))
        tb = "".join(Pyro5.errors.get_pyro_traceback())
        check("fail.remote_tb", "Remote traceback" in tb and "IllegalArgumentException" in tb and "at dev.pyro" in tb)
        check("fail._pyroTraceback", "LabImpl.fail" in "".join(e._pyroTraceback))
    # exceptions as values
    attempt("returned", lambda: "%s: %s" % (type(lab.returnedError("bad")).__name__, lab.returnedError("bad")))
    attempt("in_list", lambda: [type(x).__name__ for x in lab.errorsInList()])
    attempt("in_map", lambda: {k: "%s: %s" % (type(v).__name__, v) for k, v in lab.errorsInMap().items()})
    attempt("attr_error", lambda: type(lab.lastError).__name__)
    attempt("arg_error", lambda: lab.describe(KeyError("missing")))
    attempt("arg_value_error", lambda: lab.describe(ValueError("wrong")))
    # attributes, getters as methods
    attempt("attr.value", lambda: lab.value)
    attempt("getValue", lambda: lab.getValue())
    attempt("isReady", lambda: lab.isReady())
    attempt("attr.ready", lambda: lab.ready)
    lab.value = 42
    attempt("attr.value.after_set", lambda: lab.getValue())
    # oneway
    lab.note("first")
    lab.note("second")
    # oneway calls run in parallel with the next calls (as in Pyro5): wait for both, at most 10 s
    deadline = time.monotonic() + 10
    while len(lab.notes()) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    check("notes", sorted(lab.notes()))
    # batch
    batch = Pyro5.api.BatchProxy(lab)
    batch.add(1, 2)
    batch.echo("batched")
    batch.fail("in batch")
    results = batch()
    check("batch.1", next(results))
    check("batch.2", next(results))
    try:
        next(results)
        check("batch.3", "no exception")
    except ValueError as e:
        check("batch.3", "ValueError: %s" % e)
    # autoproxy
    child = lab.child("kid")
    check("autoproxy.type", type(child).__name__)
    check("autoproxy.name", child.name())

# the daemon's own object, as Python tools use it
with Pyro5.api.Proxy(lab_uri.replace("PYRO:" + lab_uri[5:lab_uri.index("@")], "PYRO:Pyro.Daemon")) as d:
    attempt("daemon.ping", lambda: d.ping())
    attempt("daemon.registered", lambda: lab_uri[5:lab_uri.index("@")] in d.registered())
    attempt("daemon.metadata", lambda: sorted(d.get_metadata(lab_uri[5:lab_uri.index("@")])["oneway"]))
    attempt("daemon.info", lambda: type(d.info()).__name__)
# a custom handshake and a timeout do not disturb a Java daemon
with Pyro5.api.Proxy(lab_uri) as lab:
    lab._pyroHandshake = {"hello": "java"}
    lab._pyroTimeout = 5
    attempt("handshake.call", lambda: lab.add(1, 1))
    lab._pyroRelease()
    attempt("after_release", lambda: lab.add(2, 2))

    # typed arguments: sets, tuples, decimals, datetimes, dicts for records, bytes (not in json)
    import datetime, decimal
    data = b"\x01\x02" if Pyro5.config.SERIALIZER != "json" else [1, 2]
    attempt("typed", lambda: lab.typed({"b", "a"}, (1, 2), decimal.Decimal("1.50"),
                                       datetime.datetime(2024, 1, 2, 3, 4, 5), {"x": 1, "y": 2}, data))
    attempt("record", lambda: lab.point(3, 4))
    # exception messages survive unicode and line breaks
    try:
        lab.fail("zwei\nZeilen ✓")
    except ValueError as e:
        check("fail.unicode", str(e))

# callbacks: a Python object passed to Java, Java calls it back on our daemon
class Listener:
    def __init__(self):
        self.ticks = []

    @Pyro5.api.expose
    def hear(self, text):
        return "heard " + text

    @Pyro5.api.expose
    @Pyro5.api.oneway
    def tick(self, text):
        self.ticks.append(text)


daemon = Pyro5.api.Daemon(host="127.0.0.1")
listener = Listener()
daemon.register(listener)
threading.Thread(target=daemon.requestLoop, daemon=True).start()
with Pyro5.api.Proxy(lab_uri) as lab:
    attempt("callback", lambda: lab.callBack(listener, "hi"))
    lab.tickBack(listener, "tock")
    deadline = time.monotonic() + 10
    while not listener.ticks and time.monotonic() < deadline:
        time.sleep(0.02)
    check("callback.oneway", listener.ticks)

# values: the Java echo must answer what a Python echo answers, with the same serializer
@Pyro5.api.expose
class Echo:
    def echo(self, x):
        return x


import datetime, decimal, uuid
values = {
    "int": 42, "negative": -7, "bigint": 2 ** 80, "neg_bigint": -(2 ** 70), "float": 2.5, "bool": False,
    "none": None, "str": "héllo ✓ 🐍", "empty_str": "", "bytes": b"\x00\x01\xff", "bytearray": bytearray(b"ab"),
    "list": [1, [2, [3, []]]], "tuple": (1, "two"), "set": {1, 2, 3}, "dict": {"a": {"b": None}},
    "int_keys": {1: "one", 2: "two"}, "empty": [[], {}, ()], "decimal": decimal.Decimal("3.14159265358979323846"),
    "datetime": datetime.datetime(2024, 1, 2, 3, 4, 5), "date": datetime.date(2024, 1, 2),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"), "complex": 1 + 2j, "float_inf": float("inf"),
}
with Pyro5.api.Proxy(lab_uri) as lab, Pyro5.api.Proxy(daemon.register(Echo())) as pyecho:
    for key, v in values.items():
        def both():
            try:
                expected = repr(pyecho.echo(v))
            except Exception as e:
                expected = "RAISED %s" % type(e).__name__
            try:
                got = repr(lab.echo(v))
            except Exception as e:
                got = "RAISED %s" % type(e).__name__
            return "same" if got == expected else "python %s, java %s" % (expected, got)
        check("value." + key, both())

# instance modes
for mode, uri in modes.items():
    with Pyro5.api.Proxy(uri) as a, Pyro5.api.Proxy(uri) as b:
        seen = [a.instance(), a.instance(), b.instance(), b.instance()]
        # normalise: instance ids relative to the first one seen
        check("mode." + mode, [s - seen[0] for s in seen])
        check("mode.ids." + mode, sorted(set(seen)))

# compressed messages (Pyro5's COMPRESSION flag) both ways
Pyro5.config.COMPRESSION = True
with Pyro5.api.Proxy(lab_uri) as lab:
    attempt("compressed", lambda: len(lab.echo("z" * 100000)))
Pyro5.config.COMPRESSION = False
# marshal is Python-only: refused with a clear error, and the daemon keeps serving
with Pyro5.api.Proxy(lab_uri) as lab:
    lab._pyroSerializer = "marshal"
    try:
        lab.add(1, 2)
        check("marshal", "no exception")
    except Exception as e:
        check("marshal", "%s: %s" % (type(e).__name__, e))
with Pyro5.api.Proxy(lab_uri) as lab:
    attempt("after_marshal", lambda: lab.add(1, 2))

# a result over the daemon's maximum message size
with Pyro5.api.Proxy(small_uri) as small:
    try:
        small.repeat("x", 100000)
        check("too_large", "no exception")
    except Pyro5.errors.MessageTooLargeError as e:
        check("too_large", type(e).__name__)

# name server: direct, by host and port
ns = Pyro5.api.locate_ns(ns_host, ns_port)
check("ns.lookup", str(ns.lookup("interop.lab")))
with Pyro5.api.Proxy("PYRONAME:interop.lab@%s:%d" % (ns_host, ns_port)) as byname:
    check("ns.pyroname", byname.add(20, 22))
check("ns.list", sorted(ns.list(prefix="interop.").keys()))
with Pyro5.api.Proxy("PYROMETA:interop-tag@%s:%d" % (ns_host, ns_port)) as bymeta:
    attempt("ns.pyrometa", lambda: bymeta.add(1, 2))
daemon.shutdown()
print("DONE", flush=True)
