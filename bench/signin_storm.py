#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
# The load of bench/signin_storm.sh: sign-ins arriving at a fixed rate (open loop: one new
# connection each, whatever the server's backlog), and meanwhile pupils already signed in asking
# GET /api/v1/me at a steady pace. Prints both latency distributions as one JSON line.
#
# Usage: signin_storm.py BASE SESSIONS_TSV PUPILS_TSV RATE SECONDS ME_INTERVAL_MS
#   SESSIONS_TSV: "cookie<TAB>token" lines of signed-in pupils (one /api/v1/me poller each)
#   PUPILS_TSV: JSON bodies of POST /api/v1/auth/login, one a line, used in turn
import http.client
import json
import sys
import threading
import time
import urllib.parse


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(latencies, statuses):
    ms = [round(x * 1000, 2) for x in latencies]
    return {
        "count": len(ms),
        "p50_ms": percentile(ms, 0.50),
        "p95_ms": percentile(ms, 0.95),
        "p99_ms": percentile(ms, 0.99),
        "max_ms": max(ms) if ms else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def main():
    base, sessions_file, pupils_file = sys.argv[1:4]
    rate, seconds, me_interval = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]) / 1000
    url = urllib.parse.urlparse(base)
    sessions = [line.rstrip("\n").split("\t") for line in open(sessions_file) if line.strip()]
    bodies = [line.strip() for line in open(pupils_file) if line.strip()]
    lock = threading.Lock()
    sign_ins, me = ([], {}), ([], {})
    stop_at = time.monotonic() + seconds

    def record(bucket, started, status):
        with lock:
            bucket[0].append(time.monotonic() - started)
            bucket[1][status] = bucket[1].get(status, 0) + 1

    def sign_in(body):
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
            connection.request("POST", "/api/v1/auth/login", body,
                               {"Content-Type": "application/json"})
            status = connection.getresponse().status
            connection.close()
        except OSError:
            status = "error"
        record(sign_ins, started, status)

    def poll_me(cookie):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        next_at = time.monotonic()
        while next_at < stop_at:
            time.sleep(max(0.0, next_at - time.monotonic()))
            started = time.monotonic()
            try:
                connection.request("GET", "/api/v1/me", headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = "error"
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
            record(me, started, status)
            next_at += me_interval

    pollers = [threading.Thread(target=poll_me, args=(cookie,)) for cookie, _ in sessions]
    for poller in pollers:
        poller.start()
    arrivals = []
    next_at, i = time.monotonic(), 0
    while next_at < stop_at:
        time.sleep(max(0.0, next_at - time.monotonic()))
        thread = threading.Thread(target=sign_in, args=(bodies[i % len(bodies)],))
        thread.start()
        arrivals.append(thread)
        i += 1
        next_at += 1.0 / rate
    for thread in pollers + arrivals:
        thread.join()
    print(json.dumps({"sign_ins": summary(*sign_ins), "me": summary(*me)}))


if __name__ == "__main__":
    main()
