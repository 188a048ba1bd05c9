# Pyro5's nsc and locate_ns against our name server (the interop suite's NamingInteropTest).
# Each nsc command runs Pyro5.nsc.main, what "python3 -m Pyro5.nsc" runs, and its output follows a "== <command>" line.
import sys, io, contextlib, Pyro5.api, Pyro5.nsc

host, port, bcport, lab_uri = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def nsc(*args, located=("-n", host, "-p", port)):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        try:
            Pyro5.nsc.main(list(located) + list(args))
        except BaseException as e:
            print("RAISED %s: %s" % (type(e).__name__, e))
    print("==", " ".join(args))
    print(buf.getvalue(), flush=True)


nsc("ping")
nsc("register", "interop.py", lab_uri)
nsc("lookup", "interop.py")
nsc("setmeta", "interop.py", "tag1", "tag2")
nsc("yplookup_any", "tag2")
nsc("listmatching", "interop\\.p.*")
nsc("list", "interop.")
nsc("remove", "interop.py")
nsc("lookup", "interop.py")
# broadcast discovery: no name server on NS_HOST:NS_PORT (PYRO_NS_HOST=0.0.0.0, PYRO_NS_PORT=1), so only a
# broadcast to PYRO_BROADCAST_ADDRS on PYRO_NS_BCPORT can find it
ns = Pyro5.api.locate_ns()
print("BROADCAST", ns._pyroUri, flush=True)
ns.ping()
nsc("list", located=("-p", bcport))
