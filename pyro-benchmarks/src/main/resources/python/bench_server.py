"""The benchmark service on a Python Pyro5 daemon (default server type): prints READY <port>, serves until killed."""
import Pyro5.api


@Pyro5.api.expose
class Bench:
    def add(self, a, b):
        return a + b

    def echo(self, s):
        return s

    def roundtrip(self, p):
        # the same answer as the Java service: every field differs (Pojo.next())
        return {"id": p["id"] + 1, "name": p["name"], "price": p["price"] * 2,
                "quantity": p["quantity"] + 1, "active": not p["active"]}

    def sink(self, data):
        return len(data)


daemon = Pyro5.api.Daemon(host="127.0.0.1", port=0)
daemon.register(Bench(), "bench")
print("READY", daemon.sock.getsockname()[1], flush=True)
daemon.requestLoop()
