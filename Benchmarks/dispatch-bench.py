"""One setting of Benchmarks/dispatch-bench: N drafts approved one after another, each timed from the approval to
every recipient having it; prints p50, p95 and max, and p50 as a ratio to the single-client commit."""
import json
import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request

AGENCY = "000.00.00.H52"
ROUTING, NUMBERING, DISPATCH = "http://127.0.0.1:8082", "http://127.0.0.1:8084", "http://127.0.0.1:8085"
RUN, BIN = os.environ["QLVB_BENCH_RUN"], os.environ["QLVB_BENCH_BIN"]


def token(account, role):
    return subprocess.run(
        [BIN + "/qlvbctl", "token", "--key", RUN + "/auth/token-private.pem", "--account", account, "--agency", AGENCY,
         "--role", role], capture_output=True, text=True, check=True).stdout.strip()


def call(method, url, tok, body=None, content_type="application/json"):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": "Bearer " + tok})
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def outside_agency():
    hosted = {"000.00.00.H52", "000.00.12.H52"}
    try:
        for line in open(RUN + "/axis-agencies.tsv", encoding="utf-8"):
            code = line.split("\t")[1]
            if code not in hosted:
                return code
    except OSError:
        pass
    return "000.00.00.G22"


def main():
    drafter, head, clerk = token("lanht.ubnd", "specialist"), token("vietnd.ubnd", "head"), token("vanthu.ubnd", "clerk")
    pdf = open(RUN + "/demo-draft.pdf", "rb").read()
    base = ROUTING + "/agencies/" + AGENCY
    times = []
    for i in range(int(os.environ["QLVB_BENCH_DOCUMENTS"])):
        status, d = call("POST", base + "/drafts", drafter, {
            "documentType": "Công văn", "subject": "Về việc đo thời gian phát hành văn bản số %d" % i,
            "recipients": ["000.00.12.H52", outside_agency()]})
        assert status in (200, 201), status
        draft = d["draft"]["id"]
        assert call("PUT", base + "/drafts/%s/files/cong-van.pdf?kind=main" % draft, drafter, pdf, "application/octet-stream")[0] < 300
        assert call("POST", base + "/drafts/%s/submit" % draft, drafter, {"leader": "vietnd.ubnd"})[0] < 300
        start = time.monotonic()
        assert call("POST", base + "/drafts/%s/approve" % draft, head, {"text": "Đồng ý."})[0] < 300
        # The clerk numbers it as soon as it is in the queue (signed).
        while True:
            s, answer = call("POST", NUMBERING + "/agencies/%s/registers/outgoing/%s/number" % (AGENCY, draft), clerk, {"unit": "VP"})
            if s < 300 and answer and "codeText" in answer:
                break
            if time.monotonic() - start > 60:
                raise SystemExit("document %d not signed within 60 s" % i)
            time.sleep(0.01)
        while True:
            s, state = call("GET", DISPATCH + "/agencies/%s/outgoing/%s" % (AGENCY, draft), clerk)
            if s == 200 and state["recipients"] and all(r["state"] not in ("queued",) for r in state["recipients"]):
                break
            if time.monotonic() - start > 60:
                raise SystemExit("document %d not dispatched within 60 s" % i)
            time.sleep(0.01)
        times.append((time.monotonic() - start) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    commit = float(os.environ["QLVB_BENCH_COMMIT_MS"])
    print("%-26s %3d documents: approval → dispatched p50 %7.0f ms  p95 %7.0f ms  max %7.0f ms   (p50 = %.0f commits; target p95 ≤ 2000 ms)"
          % (os.environ["QLVB_BENCH_LABEL"], len(times), p50, p95, times[-1], p50 / commit))


main()
