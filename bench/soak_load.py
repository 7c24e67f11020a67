#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
# The soak's load (bench/soak.sh): client threads as signed-in pupils browse, search with
# distinct queries and answer questions; once a minute the main thread samples the server's
# RSS, runs a sync (collect from the live data folder, apply into a box) and imports a small
# bank of questions into the live data folder. Prints one JSON object: samples, counts, errors.
# Usage: soak_load.py BASE BINARY DATA BOX_DATA WORK MINUTES CLIENTS SERVER_PID
import http.client
import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

base, binary, data, box, work = sys.argv[1:6]
minutes, clients, server_pid = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port

WORDS = ("fraction nombre addition lecture grammaire verbe histoire géographie carte eau plante "
         "énergie cercle triangle aire périmètre multiplication division conjugaison phrase "
         "Afrique fleuve climat santé animal poème calcul mesure masse volume").split()
PUPILS = [("DKR001", "awa"), ("DKR001", "moussa"), ("DKR001", "fatou")]

lock = threading.Lock()
counts = {}
errors = []
stop = threading.Event()


def note(kind, status, detail=""):
    with lock:
        counts[kind] = counts.get(kind, 0) + 1
        if status is None or status >= 400:
            if len(errors) < 50:
                errors.append(f"{kind}: {status} {detail[:200]}")
            counts["errors"] = counts.get("errors", 0) + 1


def request(conn, method, target, headers=None, body=None):
    conn.request(method, target, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read(), response


def sign_in(conn, school, username):
    status, body, response = request(
        conn, "POST", "/api/v1/auth/login", {"Content-Type": "application/json"},
        json.dumps({"school": school, "username": username, "password": "soleil"}))
    if status != 200:
        raise RuntimeError(f"sign-in of {username}: {status} {body[:200]!r}")
    cookie = next(v.split(";")[0] for k, v in response.getheaders()
                  if k.lower() == "set-cookie" and v.startswith("imaginecole_session="))
    return {"Cookie": cookie, "X-CSRF-Token": json.loads(body)["csrf_token"]}


def targets():
    db = sqlite3.connect(f"file:{data}/imaginecole.db?mode=ro", uri=True)
    resources = [r[0] for r in db.execute(
        "SELECT id FROM resources WHERE status = 'published' AND origin_country = 'SN' LIMIT 200")]
    questions = []
    for set_id, text in db.execute(
            "SELECT id, questions FROM resources WHERE kind = 'exercise_set' AND "
            "status = 'published' AND origin_country = 'SN'"):
        for question in json.loads(text or "[]"):
            if question.get("type") == "numeric":
                questions.append((set_id, question["id"]))
    db.close()
    return resources, questions


def client(number, resources, questions):
    rng = random.Random(number)
    conn = http.client.HTTPConnection(host, port, timeout=60)
    school, username = PUPILS[number % len(PUPILS)]
    session = sign_in(conn, school, username)
    while not stop.is_set():
        action = rng.random()
        try:
            if action < 0.3:
                target = rng.choice(["/", "/api/v1/me", "/api/v1/countries"] +
                                    [f"/r/{rng.choice(resources)}"])
                status, _, _ = request(conn, "GET", target, session)
                note("browse", status, target)
            elif action < 0.6:
                query = urllib.parse.quote(f"{rng.choice(WORDS)} {rng.choice(WORDS)}")
                target = f"/search?q={query}&page={rng.randint(1, 3)}"
                status, body, _ = request(conn, "GET", target, session)
                note("search", status, target)
            else:
                set_id, question = rng.choice(questions)
                body = json.dumps({"client_id": str(uuid.uuid4()), "question": question,
                                   "resource": set_id, "response": {"text": str(rng.randint(0, 30))},
                                   "duration_ms": 4000})
                headers = dict(session, **{"Content-Type": "application/json"})
                status, answer, _ = request(conn, "POST", "/api/v1/attempts", headers, body)
                note("attempt", status, answer.decode(errors="replace"))
        except Exception as failure:  # a dropped connection is an error of the soak
            note("connection", None, repr(failure))
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
        time.sleep(rng.uniform(0.05, 0.2))


def rss_kib():
    with open(f"/proc/{server_pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run(kind, args):
    done = subprocess.run([binary] + args, capture_output=True, text=True, timeout=300)
    note(kind, 200 if done.returncode == 0 else 500, done.stderr)


def node_of(folder):
    shown = subprocess.run([binary, "node", "show", "--data", folder], capture_output=True,
                           text=True, check=True).stdout
    return shown.split("\n")[0].split(" ")[1]


def periodic_work(minute):
    payload = f"{work}/down-{minute}.sync"
    scope = ["--country", "SN", "--school", "DKR001"]
    run("sync", ["sync", "collect", "--peer", box_node, "--peer-role", "school", "--out", payload,
                 "--data", data] + scope)
    run("sync", ["sync", "apply", payload, "--peer", hub_node, "--peer-role", "hub",
                 "--data", box] + scope)
    bank = f"{work}/bank-{minute}.gift"
    with open(bank, "w") as out:
        for i in range(20):
            out.write(f"::Soak {minute}-{i}:: Combien font {i} + {minute} ? {{#{i + minute}}}\n\n")
    run("import", ["import", "questions", bank, "--format", "gift", "--country", "SN",
                   "--data", data])


hub_node, box_node = node_of(data), node_of(box)
resources, questions = targets()
threads = [threading.Thread(target=client, args=(n, resources, questions), daemon=True)
           for n in range(clients)]
for thread in threads:
    thread.start()
samples = [{"minute": 0, "rss_kib": rss_kib()}]
started = time.monotonic()
for minute in range(1, minutes + 1):
    periodic_work(minute)
    while time.monotonic() < started + 60 * minute:
        time.sleep(0.5)
    samples.append({"minute": minute, "rss_kib": rss_kib()})
    with lock:
        done = dict(counts)
    print(f"minute {minute}: RSS {samples[-1]['rss_kib'] // 1024} MiB, {done}", file=sys.stderr,
          flush=True)
stop.set()
for thread in threads:
    thread.join(timeout=70)
print(json.dumps({"samples": samples, "counts": counts, "errors": errors}))
