# SPDX-License-Identifier: AGPL-3.0-or-later
# The classroom benchmark's pupils (issue 16), run by bench/classroom_bench.sh as one Locust
# master and several workers. Each simulated pupil signs in (POST /api/v1/auth/login, Argon2id),
# reads its assignments, then loops: open the assigned lesson, open the exercise player, answer
# each question (POST /api/v1/attempts with a new client UUID: one attempt recorded), thinking
# 5-10 s before each answer, and go back to its assignments to open the next.
#
# The master's load shape climbs to each step of CLASSROOM_STEPS (pupils, comma separated) at
# CLASSROOM_SPAWN_RATE pupils/s (at most CLASSROOM_SIGNINS_IN_FLIGHT sign-ins at once per worker),
# waits until every pupil of the step is signed in and CLASSROOM_SETTLE seconds more, then measures
# CLASSROOM_HOLD seconds of steady load (statistics reset at its start) and appends one JSON line
# per step to CLASSROOM_RESULTS: pupils, p50/p95/p99, requests/s, failures, and the server's CPU
# share and memory (CLASSROOM_SERVER_PID, CLASSROOM_CGROUP).
#
# Settings the bench passes in the environment:
#   CLASSROOM_CONFIG       JSON: school, password, prefix, lesson, exercise_set, questions
#                          ([{"id", "response"}]); read by every worker
#   CLASSROOM_WORKER       this worker's number (0..W-1) and CLASSROOM_WORKERS (W): worker k's
#                          i-th pupil is PREFIX(k + 1 + i * W), so no two users share a pupil
import json
import os
import random
import time
import uuid

import gevent.lock
import locust.runners
from locust import LoadTestShape, between, task
from locust.contrib.fasthttp import FastHttpUser

# Debian's python3-locust 2.12 reports an empty version, and a master takes a worker sending an
# empty version for a pre-2.0 one and refuses it: give both the same non-empty one.
if not locust.runners.__version__:
    locust.runners.__version__ = "2.12.1"
# A master drops a worker silent for 3 heartbeats (3 s), and stops the test when none is left:
# on a busy shared machine a worker's loop can miss that, so give it a minute.
locust.runners.HEARTBEAT_LIVENESS = 60

CONFIG = json.load(open(os.environ["CLASSROOM_CONFIG"])) if "CLASSROOM_CONFIG" in os.environ else {}
WORKER = int(os.environ.get("CLASSROOM_WORKER", "0"))
WORKERS = int(os.environ.get("CLASSROOM_WORKERS", "1"))
_spawned = 0
# Sign-ins in flight from this worker: a pupil beyond them waits here, not in the server's queue,
# so that the climb follows the server's hashing capacity instead of timing out behind it.
_signing_in = gevent.lock.Semaphore(int(os.environ.get("CLASSROOM_SIGNINS_IN_FLIGHT", "4")))


def next_pupil():
    global _spawned
    number = WORKER + 1 + _spawned * WORKERS
    _spawned += 1
    return f"{CONFIG['prefix']}{number}"


class Pupil(FastHttpUser):
    # The think time sits before each answer (in the task), not between whole lessons.
    wait_time = between(0, 0)
    connection_timeout = 60.0
    network_timeout = 60.0

    def on_start(self):
        self.csrf = ""
        self.username = next_pupil()
        self.sign_in()

    def sign_in(self):
        username = self.username
        with _signing_in, self.client.post(
            "/api/v1/auth/login",
            json={"school": CONFIG["school"], "username": username, "password": CONFIG["password"]},
            name="POST /api/v1/auth/login",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"sign-in of {username}: {response.status_code}")
                return
            self.csrf = json.loads(response.text)["csrf_token"]

    def think(self):
        time.sleep(random.uniform(5.0, 10.0))

    @task
    def lesson_then_exercises(self):
        if not self.csrf:
            # Refused or timed out (counted as a failure): the pupil tries again a little later.
            self.think()
            self.sign_in()
            return
        self.client.get("/me/assignments", name="GET /me/assignments")
        self.think()
        self.client.get(f"/r/{CONFIG['lesson']}", name="GET /r/{lesson}")
        self.think()
        self.client.get(f"/r/{CONFIG['exercise_set']}/exercise", name="GET /r/{set}/exercise")
        for question in CONFIG["questions"]:
            self.think()
            self.client.post(
                "/api/v1/attempts",
                json={
                    "client_id": str(uuid.uuid4()),
                    "question": question["id"],
                    "resource": CONFIG["exercise_set"],
                    "response": question["response"],
                },
                headers={"X-CSRF-Token": self.csrf},
                name="POST /api/v1/attempts",
            )
        self.think()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_memory():
    """(RSS kB of the server, peak bytes of its memory cgroup or None)."""
    rss = None
    try:
        with open(f"/proc/{os.environ['CLASSROOM_SERVER_PID']}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
    except (OSError, KeyError):
        pass
    peak = None
    cgroup = os.environ.get("CLASSROOM_CGROUP", "")
    for name in ("memory.max_usage_in_bytes", "memory.peak"):
        try:
            with open(os.path.join(cgroup, name)) as f:
                peak = int(f.read())
                break
        except OSError:
            pass
    return rss, peak


class ClassroomSteps(LoadTestShape):
    def __init__(self):
        super().__init__()
        self.steps = [int(s) for s in os.environ.get("CLASSROOM_STEPS", "100").split(",")]
        self.rate = float(os.environ.get("CLASSROOM_SPAWN_RATE", "10"))
        self.settle = float(os.environ.get("CLASSROOM_SETTLE", "10"))
        self.hold = float(os.environ.get("CLASSROOM_HOLD", "60"))
        self.index = 0
        self.phase = "ramp"
        self.phase_started = None
        self.window = None
        self.signed_in_before_reset = 0

    def signed_in(self):
        entry = self.runner.stats.entries.get(("POST /api/v1/auth/login", "POST"))
        return self.signed_in_before_reset + (entry.num_requests if entry else 0)

    def tick(self):
        if self.index >= len(self.steps):
            return None
        target = self.steps[self.index]
        now = time.monotonic()
        if self.phase == "ramp":
            # Every pupil of the step spawned and through its sign-in (or refused: counted).
            if self.runner.user_count >= target and self.signed_in() >= target:
                self.phase, self.phase_started = "settle", now
        elif self.phase == "settle":
            if now - self.phase_started >= self.settle:
                self.phase, self.phase_started = "hold", now
                self.signed_in_before_reset = self.signed_in()
                self.runner.stats.reset_all()
                self.window = {"cpu": cpu_seconds(os.environ["CLASSROOM_SERVER_PID"]),
                               "load": open("/proc/loadavg").read().split()[:3]}
        elif now - self.phase_started >= self.hold:
            self.record(target, now - self.phase_started)
            self.index += 1
            self.phase = "ramp"
            if self.index >= len(self.steps):
                return None
            target = self.steps[self.index]
        return (target, self.rate)

    def record(self, pupils, seconds):
        total = self.runner.stats.total
        rss, peak = server_memory()
        cpu = cpu_seconds(os.environ["CLASSROOM_SERVER_PID"]) - self.window["cpu"]
        per_route = {}
        for (name, method), entry in self.runner.stats.entries.items():
            per_route[name] = {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.50),
                "p95_ms": entry.get_response_time_percentile(0.95),
                "p99_ms": entry.get_response_time_percentile(0.99),
            }
        line = {
            "pupils": pupils,
            "users_running": self.runner.user_count,
            "seconds": round(seconds, 1),
            "requests": total.num_requests,
            "failures": total.num_failures,
            "req_per_s": round(total.num_requests / seconds, 1),
            "p50_ms": total.get_response_time_percentile(0.50),
            "p95_ms": total.get_response_time_percentile(0.95),
            "p99_ms": total.get_response_time_percentile(0.99),
            "max_ms": total.max_response_time,
            "server_cpu_percent": round(100 * cpu / seconds),
            "server_rss_kb": rss,
            "cgroup_peak_bytes": peak,
            "load_before": self.window["load"],
            "load_after": open("/proc/loadavg").read().split()[:3],
            "routes": per_route,
        }
        with open(os.environ["CLASSROOM_RESULTS"], "a") as f:
            f.write(json.dumps(line) + "\n")
