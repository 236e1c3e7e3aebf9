#!/usr/bin/env python3
"""The web interface's pages against the API calls behind them (scripts/web-test --bench starts the system).

For the inbox, the register and a document page: N concurrent signed-in sessions (default 50) request the page for
D seconds, then the same sessions call the service API that page is built on (same token) for D seconds. Prints
pages/s and p50/p95 latency of each, the ratio page/API, and each page's weight (HTML, then with CSS and JS).
Targets (issue 13): p95 <= 150 ms, <= 200 KB per page.
"""
import argparse
import http.client
import re
import statistics
import threading
import time
import urllib.parse


def request(conn, method, path, headers=None, body=None):
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    return resp.status, resp.getheaders(), data


def sign_in(host, port, site, account, password):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    status, headers, page = request(conn, "GET", f"/{site}/dang-nhap")
    cookies = {}
    for k, v in headers:
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            cookies[name] = rest.split(";")[0]
    token = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode({"_csrf": token, "account": account, "password": password, "next": ""})
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, headers, _ = request(conn, "POST", f"/{site}/dang-nhap", {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, body)
    assert status == 303, status
    for k, v in headers:
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            value = rest.split(";")[0]
            if value:
                cookies[name] = value
    conn.close()
    return cookies


def load(target, sessions, seconds):
    """Each session's thread requests target(i) in a loop on its own keep-alive connection; latencies in ms."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(i):
        host, port, path, headers = target(i)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                status, _, _ = request(conn, "GET", path, headers)
            except Exception:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                bad += 1
                continue
            if status != 200:
                bad += 1
            mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            latencies.extend(mine)
            errors.append(bad)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(sessions)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")
    return {"rate": len(latencies) / elapsed, "p50": p(0.50), "p95": p(0.95), "errors": sum(errors), "n": len(latencies)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--web", required=True, help="http://127.0.0.1:PORT")
    ap.add_argument("--routing", required=True)
    ap.add_argument("--numbering", required=True)
    ap.add_argument("--agency", default="000.00.00.H52")
    ap.add_argument("--site", default="ubnd")
    ap.add_argument("--account", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--document", required=True, help="a document id the account may read")
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=8)
    a = ap.parse_args()
    web = urllib.parse.urlparse(a.web)
    routing = urllib.parse.urlparse(a.routing)
    numbering = urllib.parse.urlparse(a.numbering)
    sessions = [sign_in(web.hostname, web.port, a.site, a.account, a.password) for _ in range(a.sessions)]
    cookies = ["; ".join(f"{k}={v}" for k, v in s.items()) for s in sessions]
    tokens = [s["qlvb_session"] for s in sessions]
    agency = urllib.parse.quote(a.agency)
    cases = [
        ("inbox", f"/{a.site}/hop-thu", routing, f"/agencies/{agency}/inbox?limit=200&state=open"),
        ("register", f"/{a.site}/so-den", numbering, f"/agencies/{agency}/registers/incoming?limit=50"),
        ("document", f"/{a.site}/van-ban/{a.document}", routing, f"/agencies/{agency}/incoming/{a.document}"),
    ]
    conn = http.client.HTTPConnection(web.hostname, web.port, timeout=30)
    _, _, css = request(conn, "GET", f"/{a.site}/static/site.css")
    _, _, js = request(conn, "GET", f"/{a.site}/static/site.js")
    print(f"web-bench: {a.sessions} concurrent signed-in sessions, {a.seconds:.0f} s per run")
    print(f"{'page':<10} {'pages/s':>8} {'p50 ms':>7} {'p95 ms':>7} | {'API/s':>7} {'p50 ms':>7} {'p95 ms':>7} | {'rate ratio':>10} {'p95 ratio':>9} | {'HTML KB':>7} {'+CSS/JS':>7} | errors")
    for name, page, svc, api in cases:
        _, _, html = request(conn, "GET", page, {"Cookie": cookies[0]})
        load(lambda i: (web.hostname, web.port, page, {"Cookie": cookies[i]}), a.sessions, 1)  # warm-up
        pg = load(lambda i: (web.hostname, web.port, page, {"Cookie": cookies[i]}), a.sessions, a.seconds)
        ap_ = load(lambda i: (svc.hostname, svc.port, api, {"Authorization": f"Bearer {tokens[i]}"}), a.sessions, a.seconds)
        print(f"{name:<10} {pg['rate']:8.1f} {pg['p50']:7.1f} {pg['p95']:7.1f} | {ap_['rate']:7.1f} {ap_['p50']:7.1f} {ap_['p95']:7.1f} | "
              f"{pg['rate'] / ap_['rate']:10.2f} {pg['p95'] / ap_['p95']:9.2f} | {len(html) / 1024:7.1f} {(len(html) + len(css) + len(js)) / 1024:7.1f} | "
              f"{pg['errors']}/{ap_['errors']}")


if __name__ == "__main__":
    main()
