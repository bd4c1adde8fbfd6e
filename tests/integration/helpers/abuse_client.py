#!/usr/bin/env python3
"""Abusive HTTP clients for tests/integration/server_abuse.sh (stdlib only).

    abuse_client.py slow PORT          slowloris head and body clients are dropped,
                                       others are served meanwhile
    abuse_client.py malformed PORT N   N malformed requests: no 5xx answer
    abuse_client.py pathological PORT  pathological queries: 4xx, answered in time
    abuse_client.py traversal PORT     static files do not escape web/static

Prints one line per finding; exits 1 when a check fails.
"""
import concurrent.futures
import random
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
failures = []


def check(ok, message):
    print(("ok   " if ok else "FAIL ") + message, flush=True)
    if not ok:
        failures.append(message)


def exchange(port, data, timeout=10.0, shut_write=True):
    """Sends raw bytes, half-closes, reads the answer until EOF or timeout.
    Returns (status or None, raw answer, seconds)."""
    started = time.monotonic()
    answer = b""
    with socket.create_connection((HOST, port), timeout=timeout) as s:
        try:
            s.sendall(data)
            if shut_write:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close first (e.g. after a limit error)
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except socket.timeout:
            answer += b"<timeout>"
        except OSError:
            pass
    status = None
    if answer.startswith(b"HTTP/1."):
        try:
            status = int(answer.split(b" ", 2)[1])
        except (IndexError, ValueError):
            status = None
    return status, answer, time.monotonic() - started


def get(port, target, timeout=30.0):
    request = b"GET " + target + b" HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
    return exchange(port, request, timeout=timeout, shut_write=False)


# --- slowloris -------------------------------------------------------------

def wait_dropped(sock, trickle, limit):
    """Trickles bytes until the server closes the connection; returns the
    seconds it took, or None when it was still open after `limit` seconds."""
    started = time.monotonic()
    sock.settimeout(0.5)
    i = 0
    while time.monotonic() - started < limit:
        try:
            sock.sendall(trickle[i % len(trickle):i % len(trickle) + 1])
            i += 1
        except OSError:
            return time.monotonic() - started
        try:
            chunk = sock.recv(4096)
            if not chunk:
                return time.monotonic() - started
        except socket.timeout:
            pass
        except OSError:
            return time.monotonic() - started
    return None


def slow(port):
    results = {}

    def slow_head():
        s = socket.create_connection((HOST, port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: slow\r\n")
        results["head"] = wait_dropped(s, b"X-Slow-Header: aaaaaaaaaaaaaaaaaaaaaaa\r\n", 60)
        s.close()

    def slow_body():
        s = socket.create_connection((HOST, port))
        s.sendall(b"POST /search HTTP/1.1\r\nHost: slow\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
        results["body"] = wait_dropped(s, b"x", 90)
        s.close()

    # Many slow clients at once, one of each kind measured.
    extra = []
    for _ in range(50):
        s = socket.create_connection((HOST, port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: slow\r\n")
        extra.append(s)
    threads = [threading.Thread(target=slow_head), threading.Thread(target=slow_body)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    worst = 0.0
    for _ in range(10):
        status, _, seconds = get(port, b"/healthz", timeout=30)
        check(status == 200, "healthz while slow clients wait: %s in %.3f s" % (status, seconds))
        status, _, seconds = get(port, b"/search?q=Budapest", timeout=30)
        check(status == 200, "search while slow clients wait: %s in %.3f s" % (status, seconds))
        worst = max(worst, seconds)
        time.sleep(0.2)
    # "Not blocked": generous, far below the timeouts the slow clients hit.
    check(worst < 5, "other clients served promptly (slowest %.3f s)" % worst)
    for t in threads:
        t.join()
    check(results.get("head") is not None, "slow-head client dropped after %s s" % results.get("head"))
    check(results.get("body") is not None, "slow-body client dropped after %s s" % results.get("body"))
    closed = 0
    for s in extra:
        s.settimeout(30)
        try:
            if s.recv(4096) == b"":
                closed += 1
        except OSError:
            closed += 1
        s.close()
    check(closed == len(extra), "%d of %d idle half-head clients dropped" % (closed, len(extra)))


# --- malformed requests ------------------------------------------------------

def malformed_cases(rng):
    def rand_bytes(n):
        return bytes(rng.getrandbits(8) for _ in range(n))

    methods = [b"FOO", b"get", b"G\x00T", b"GET GET", b"\xff\xfe", b"PRI", b"CONNECT", b"TRACE",
               b"A" * 5000, b"DELETE", b"PUT", b"OPTIONS", b"PATCH", b"", b" GET", b"GE\rT"]
    bad_q = [b"%", b"%G1", b"%2", b"%%", b"%ff%fe", b"%c3%28", b"%ed%a0%80", b"%f8%88%80%80%80", b"%00",
             b"\xff\xfe", b"\xc3\x28", b"%e2%82", b"a%zz", b"%C0%AF", b"%u0041", b"+%", b"%0d%0aX-Injected:1",
             b"a\x01b", b"%2e%2e%2f"]
    paths = [b"/search", b"/api/v1/search", b"/timeline", b"/document/", b"/api/v1/documents/", b"/"]

    def random_bytes_case():
        return rand_bytes(rng.randint(1, 2000))

    def random_head_case():
        return b"GET /" + rand_bytes(rng.randint(0, 200)) + b" HTTP/1.1\r\nHost: x\r\n\r\n"

    def bad_method_case():
        return rng.choice(methods) + b" / HTTP/1.1\r\nHost: x\r\n\r\n"

    def bad_version_case():
        return b"GET / " + rng.choice([b"HTTP/9.9", b"HTTP/1", b"HTP/1.1", b"HTTP/1.1\x00", b"", b"HTTP/1.10"]) + \
            b"\r\nHost: x\r\n\r\n"

    def bad_chunking_case():
        chunked = rng.choice([
            b"zz\r\nabc\r\n0\r\n\r\n", b"5\r\nab\r\n0\r\n\r\n", b"-1\r\nx\r\n0\r\n\r\n",
            b"ffffffffffffffffffff\r\nx\r\n", b"3\r\nabc0\r\n\r\n", b"3;" + b"e" * 9000 + b"\r\nabc\r\n0\r\n\r\n",
            b"3\r\nabc\r\n", b"0\r\nTrailer: " + b"t" * 10000 + b"\r\n\r\n", b"\r\n\r\n", rand_bytes(300),
            b"100000\r\n" + b"x" * 2000])
        method = rng.choice([b"POST", b"GET", b"PUT"])
        extra = rng.choice([b"", b"Content-Length: 5\r\n", b"Transfer-Encoding: chunked\r\n",
                            b"Transfer-Encoding: gzip, chunked\r\n"])
        return (method + b" /search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + extra + b"\r\n" +
                chunked)

    def bad_query_case():
        q = b"".join(rng.choice(bad_q) for _ in range(rng.randint(1, 6)))
        key = rng.choice([b"q", b"page", b"sort", b"date", b"limit", b"collection", b"%ff", b"q%", b""])
        return b"GET " + rng.choice(paths) + b"?" + key + b"=" + q + b" HTTP/1.1\r\nHost: x\r\n\r\n"

    def bad_path_case():
        seg = b"".join(rng.choice(bad_q) for _ in range(rng.randint(1, 4)))
        return b"GET " + rng.choice(paths) + seg + b" HTTP/1.1\r\nHost: x\r\n\r\n"

    def bad_headers_case():
        header = rng.choice([b"NoColon", b": empty-name", b"X: \x00", b"Content-Length: -1", b"Content-Length: abc",
                             b"Content-Length: 5\r\nContent-Length: 6", b"Host: a\r\nHost: b",
                             b"Content-Length: 99999999999999999999999", b" folded: x", b"X\x7f: y",
                             b"Expect: 100-continue", b"Connection: \xff", b"Range: bytes=0-1,2-3,4-5",
                             b"If-Modified-Since: \xff\xfe", b"Accept-Encoding: " + b"x," * 3000])
        return b"GET /search?q=test HTTP/1.1\r\nHost: x\r\n" + header + b"\r\n\r\n"

    def pipelined_case():
        one = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        return one * rng.randint(2, 20) + rand_bytes(rng.randint(1, 100))

    makers = [random_bytes_case, random_head_case, bad_method_case, bad_version_case, bad_chunking_case,
              bad_query_case, bad_path_case, bad_headers_case, pipelined_case]
    while True:
        maker = rng.choice(makers)
        yield maker.__name__, maker()


def malformed(port, count):
    rng = random.Random(424242)
    cases = []
    gen = malformed_cases(rng)
    for _ in range(count):
        cases.append(next(gen))
    statuses = {}
    server_errors = []
    hung = []

    def run(case):
        name, data = case
        status, answer, seconds = exchange(port, data, timeout=20)
        return name, data, status, answer, seconds

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        for name, data, status, answer, seconds in pool.map(run, cases):
            statuses[status] = statuses.get(status, 0) + 1
            # Every status line in the answer (pipelined requests get several).
            for line in answer.split(b"\r\n"):
                if line.startswith(b"HTTP/1.1 5") or line.startswith(b"HTTP/1.0 5"):
                    server_errors.append((name, data[:120], line))
            if answer.endswith(b"<timeout>"):
                hung.append((name, data[:120]))
    print("statuses of %d malformed requests (None = closed without an answer): %s" %
          (count, sorted(statuses.items(), key=lambda kv: str(kv[0]))))
    for name, data, line in server_errors[:10]:
        print("  5xx for %s %r: %r" % (name, data, line))
    check(not server_errors, "no 5xx among %d malformed requests (%d seen)" % (count, len(server_errors)))
    for name, data in hung[:10]:
        print("  no answer and no close within 20 s for %s %r" % (name, data))
    check(not hung, "every malformed request answered or closed (%d hung)" % len(hung))
    status, _, _ = get(port, b"/healthz")
    check(status == 200, "server alive after the malformed requests (%s)" % status)


# --- pathological queries ----------------------------------------------------

def quote(text):
    out = []
    for b in text.encode("utf-8"):
        c = chr(b)
        out.append(c if c.isalnum() or c in "-_.~" else "%%%02X" % b)
    return "".join(out).encode("ascii")


def pathological(port):
    terms5000 = " ".join("w%d" % i for i in range(5000))
    terms300 = " ".join("w%d" % i for i in range(300))
    cases = [
        ("5,000 terms", terms5000, {400, 414}),
        ("300 terms (within the URL limit)", terms300, {400}),
        ("leading wildcard", "*ton", {400}),
        ("leading wildcards, many", " ".join("*a%d" % i for i in range(100)), {400}),
        ("inner wildcard", "wa*ton", {400}),
        ("10,000 nested parentheses", "(" * 10000 + "a" + ")" * 10000, {400, 414}),
        ("400 nested parentheses", "(" * 400 + "a" + ")" * 400, {400}),
        ("400 unclosed parentheses", "(" * 400, {400}),
        ("200 NOTs", "NOT " * 200 + "a", {200, 400}),
        ("1 MB query", "a" * (1 << 20), {400, 414}),
        ("1,000 characters of one word", "b" * 1000, {200, 400}),
        ("100 short wildcards", " OR ".join("%s*" % chr(97 + i % 26) for i in range(100)), {200, 400}),
        ("unterminated phrase", '"' + "word " * 100, {400}),
        ("fields without values", "date: person: collection:" * 20, {200, 400}),
        ("date range nonsense", "date:99999-99-99..0000", {200, 400}),
    ]
    for path in (b"/search?q=", b"/api/v1/search?q="):
        for name, q, allowed in cases:
            target = path + quote(q)
            status, answer, seconds = get(port, target, timeout=60)
            # "Bounded in time": generous, only to tell an answer from a hang.
            check(status in allowed and seconds < 20,
                  "%s%s: %s in %.3f s (want one of %s)" % (path.decode(), name, status, seconds, sorted(allowed)))


# --- static traversal --------------------------------------------------------

def traversal(port):
    targets = [
        b"/static/../../etc/passwd", b"/static/%2e%2e/%2e%2e/etc/passwd", b"/static/%2E%2E/%2E%2E/etc/passwd",
        b"/static/%252e%252e/%252e%252e/etc/passwd", b"/static/..%2f..%2f..%2fetc%2fpasswd",
        b"/static/..%5c..%5c..%5cetc%5cpasswd", b"/static/..\\..\\..\\etc\\passwd",
        b"/static/%2e%2e%5c%2e%2e%5cetc%5cpasswd", b"/static/....//....//etc/passwd",
        b"/static/.%2e/.%2e/.%2e/etc/passwd", b"/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        b"/static//etc/passwd", b"/static/%2fetc%2fpasswd", b"/static/../templates/base.html",
        b"/static/%2e%2e/templates/base.html", b"/static/..%2ftemplates%2fbase.html",
        b"/static/../api/openapi.json", b"/static/%2e%2e/../../../../../../etc/passwd",
        b"/static/style.css%00../../etc/passwd", b"/static/style.css/../../../etc/passwd",
        b"/static/./../../etc/passwd", b"/static/%2e/%2e%2e/%2e%2e/etc/passwd",
        b"/%2e%2e/%2e%2e/etc/passwd", b"/../../etc/passwd", b"/static/../../../../proc/self/environ",
        b"/static/..;/..;/etc/passwd", b"/static/~/../etc/passwd",
    ]
    passwd = open("/etc/passwd", "rb").read()
    for target in targets:
        status, answer, _ = get(port, target)
        body = answer.split(b"\r\n\r\n", 1)[-1]
        leaked = b"root:" in body or (passwd[:64] in body) or b"{%" in body or b"PATH=" in body
        check(status is not None and status in (400, 403, 404) and not leaked,
              "traversal %s -> %s" % (target.decode("latin-1"), status))
    status, answer, _ = get(port, b"/static/style.css")
    check(status == 200, "a real static file is still served (%s)" % status)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "slow":
        slow(port)
    elif mode == "malformed":
        malformed(port, int(sys.argv[3]) if len(sys.argv) > 3 else 10000)
    elif mode == "pathological":
        pathological(port)
    elif mode == "traversal":
        traversal(port)
    else:
        print(__doc__)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
