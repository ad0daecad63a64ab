"""Load benchmark of the production set-up on this machine: nginx in front of two gunicorn processes and a task
worker, against one PostgreSQL database seeded at national scale (bench/load/seed.py).

    .venv/bin/python bench/load/run.py [--clients 20] [--seconds 15] [--rounds 3] [--workers 2] [--reuse] [--keep]

Steps: create and seed the database ``kotacerdas_load`` (``--reuse`` keeps the one a previous ``--keep`` run
left, with its seed figures in var/bench/load-seed.json), collect the static files, start the deployment
(deploy/gunicorn.conf.py twice, on 127.0.0.1:8101 and :8102, ``--workers`` processes each; deploy/nginx.conf's
proxy on 127.0.0.1:8100; ``manage.py db_worker``), then drive each page in turn with ``--clients`` closed-loop
clients (each sends its next request when the last one is answered) for ``--seconds`` after a short warm-up,
all pages in turn, ``--rounds`` times. A trivial view (robots.txt: no database, no template) measured the same way
in every round gives the machine's ceiling for anonymous visitors, and a trivial signed-in page (the "password
changed" message: the session, the user, the site's frame) that for signed-in people; each page's share is taken
against the ceiling of its kind in its own round. The cache is a Redis database of the machine's Redis
(127.0.0.1:6379, database ``REDIS_DB``, emptied at the start), as a deployment with ``REDIS_URL`` has it.

Prints per page: requests, requests per second, p50/p95/p99 in ms, errors (any status but 200, or a failed
connection), and the share of the trivial view's throughput; then the targets of the production-readiness issue:
zero errors, p95 <= 300 ms, and each page at least a third of the trivial view's throughput. Last, the CPU time
each request costs the app servers, PostgreSQL, Redis, nginx and this load generator (from /proc): where the time
goes. Everything listens on 127.0.0.1 only and stops at the end (also on Ctrl-C).

The load generator runs on the same two cores as the servers, so the figures are a floor for a real deployment.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DB_NAME = "kotacerdas_load"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SEED_FILE = ROOT / "var" / "bench" / "load-seed.json"
PROXY_PORT, APP_PORTS = 8100, (8101, 8102)
REDIS_DB = 7  # .ci/run gives the test suite 8 and up
TRIVIAL, TRIVIAL_SIGNED_IN = "trivial (robots.txt)", "trivial signed-in"
TARGET_P95_MS = 300
TARGET_SHARE = 1 / 3

NGINX_CONF = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream kotacerdas_app {{
        least_conn;
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 12m;
        gzip on;
        gzip_comp_level 1;
        gzip_min_length 1024;
        gzip_proxied any;
        gzip_vary on;
        gzip_types application/json text/csv image/svg+xml;
        location / {{
            proxy_pass http://kotacerdas_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 70s;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""


def app_env(static_root: Path) -> dict:
    """Production settings, as docs/deployment.md describes them, on 127.0.0.1 without TLS."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-load-secret-key-not-for-production-0123456789abcdefghij",
        "DATABASE_URL": DB_URL,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_FORMAT": "json",
        # One load generator is one client address: lift the API's per-address limit for the run.
        "API_RATE_LIMIT_ANONYMOUS": "1000000000",
    }


def psql(*commands: str) -> None:
    args = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q"]
    for command in commands:
        args += ["-c", command]
    subprocess.run(args, check=True)


def seed(env: dict) -> dict:
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}", f"CREATE DATABASE {DB_NAME}")
    print("seeding (514 regions, 150 participations, 75,000 values, an evaluation event with scores) …")
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load" / "seed.py")],
        env={**env, "DJANGO_DEBUG": "1"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"seeding failed:\n{done.stderr[-3000:]}")
    info = json.loads(done.stdout.strip().splitlines()[-1])
    # Fresh planner statistics, as autovacuum would gather them in production some minutes after a bulk load.
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB_NAME, "-q", "-c", "ANALYZE"], check=True
    )
    SEED_FILE.parent.mkdir(parents=True, exist_ok=True)
    SEED_FILE.write_text(json.dumps(info))
    return info


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def ensure_nginx() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx:
        return nginx
    print("installing nginx (Debian package nginx-core) …")
    # policy-rc.d 101 keeps the package from starting its own nginx on port 80: ours listens on 127.0.0.1 only.
    policy = Path("/usr/sbin/policy-rc.d")
    policy.write_text("#!/bin/sh\nexit 101\n")
    policy.chmod(0o755)
    try:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "nginx-core"],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    finally:
        policy.unlink()
    return "/usr/sbin/nginx"


class Deployment:
    """nginx, two gunicorn processes and a task worker; stopped together."""

    def __init__(self, env: dict, workers: int, scratch: Path):
        self.env, self.workers, self.scratch = env, workers, scratch
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        logs = self.scratch / "logs"
        logs.mkdir()
        for port in APP_PORTS:
            env = {
                **self.env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(self.workers),
                "GUNICORN_ACCESS_LOG": str(logs / f"access-{port}.log"),
            }
            self._spawn(
                [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "kotacerdas.wsgi"],
                env,
                logs / f"gunicorn-{port}.log",
            )
        self._spawn([PYTHON, "manage.py", "db_worker", "--no-reload"], self.env, logs / "worker.log")
        prefix = self.scratch / "nginx"
        prefix.mkdir()
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in APP_PORTS)
        conf = prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers, port=PROXY_PORT))
        self._spawn(
            [ensure_nginx(), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
            self.env,
            logs / "nginx.log",
        )
        self.wait_until_up()

    def _spawn(self, command: list[str], env: dict, log: Path) -> None:
        handle = log.open("w")
        self.processes.append(
            subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                statuses = [get("127.0.0.1", port, "/health/")[0] for port in (PROXY_PORT, *APP_PORTS)]
                if statuses == [200, 200, 200]:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit(f"the deployment did not come up; logs in {self.scratch / 'logs'}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def get(host: str, port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPU_PARTS = ("app", "database", "cache", "proxy", "load generator")


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by each part of the set-up, read from /proc.

    A process's own time plus that of the children it has reaped: a gunicorn worker that is recycled (or a
    PostgreSQL backend that ends) hands its time to its parent, so a difference of two readings counts every
    second once. PostgreSQL is the machine's server, so other databases' work counts too (run nothing else).
    """
    totals = dict.fromkeys(CPU_PARTS, 0.0)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if "gunicorn" in command or "db_worker" in command:
            part = "app"
        elif name == "nginx":
            part = "proxy"
        elif name.startswith("postgres"):
            part = "database"
        elif name.startswith("redis-server"):
            part = "cache"
        else:
            continue
        totals[part] += sum(int(f) for f in fields[11:15]) / CLOCK_TICKS  # utime, stime, cutime, cstime
    own = os.times()
    totals["load generator"] = own.user + own.system
    return totals


def drive(path: str, headers: dict, clients: int, seconds: float, warmup: float = 2.0) -> dict:
    """``clients`` closed-loop clients on keep-alive connections for ``seconds`` (after ``warmup``)."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + seconds

    def client(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PROXY_PORT, timeout=30)
        while True:
            began = time.monotonic()
            if began >= stop_at:
                break
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PROXY_PORT, timeout=30)
            ended = time.monotonic()
            if began >= measure_from:
                latencies[i].append((ended - began) * 1000)
                errors[i] += not ok
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    cpu_before = cpu_seconds()
    time.sleep(max(0.0, stop_at - time.monotonic()))
    cpu_after = cpu_seconds()
    for thread in threads:
        thread.join()
    times = sorted(t for per_client in latencies for t in per_client)
    if not times:
        return {"requests": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "errors": sum(errors)}
    cpu = {part: (cpu_after[part] - cpu_before[part]) * 1000 / len(times) for part in CPU_PARTS}

    def pct(q: float) -> float:
        return times[min(len(times) - 1, round(q * (len(times) - 1)))]

    return {
        "requests": len(times),
        "rps": len(times) / seconds,
        "p50": statistics.median(times),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": sum(errors),
        **{f"cpu {part}": ms for part, ms in cpu.items()},
    }


def pages(info: dict) -> dict[str, tuple[str, dict]]:
    staff = {"Cookie": f"sessionid={info['session_cookie']}"}
    return {
        TRIVIAL: ("/robots.txt", {}),
        TRIVIAL_SIGNED_IN: ("/accounts/password/change/done/", staff),
        "public home": ("/", {}),
        "region page": (f"/regions/{info['region_code']}/", {}),
        "national dashboard": ("/monitoring/national/", {}),
        "live scoring board": (f"/evaluations/{info['event_id']}/board/", staff),
        # What an open board asks every 10 seconds (htmx): the traffic of an evaluation day.
        "scoring board refresh": (f"/evaluations/{info['event_id']}/board/", {**staff, "HX-Request": "true"}),
        "masterplan overview": (f"/masterplans/{info['masterplan_id']}/", staff),
        "API programmes list": ("/api/v1/programmes?limit=50", {}),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes per app server")
    parser.add_argument("--reuse", action="store_true", help="use the database a previous --keep run left")
    parser.add_argument("--keep", action="store_true", help="leave the seeded database for --reuse")
    parser.add_argument(
        "--only", help="measure only the pages whose name contains this text (and the trivial view)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure every page this many times in turn; each figure is the median of the rounds and each "
        "share is taken against the trivial view of its own round (the machine is shared and drifts)",
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="kotacerdas-load-"))
    env = app_env(scratch / "static")
    info = json.loads(SEED_FILE.read_text()) if args.reuse and SEED_FILE.exists() else seed(env)
    print(
        f"data: {info['participations']} participations, {info['values']:,} indicator values, "
        f"{info['sessions']} evaluation sessions, {info['score_sheets']} score sheets"
    )
    manage(env, "collectstatic", "--noinput", "-v", "0")
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, stdout=subprocess.DEVNULL)
    deployment = Deployment(env, args.workers, scratch)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        deployment.start()
        print(
            f"deployment: nginx :{PROXY_PORT} → gunicorn :{APP_PORTS[0]} and :{APP_PORTS[1]} "
            f"({args.workers} workers each), db_worker, PostgreSQL; {args.clients} clients, {args.seconds:.0f} s a page\n"
        )
        rounds = []
        for _round in range(args.rounds):
            measured = {}
            for name, (path, headers) in pages(info).items():
                if args.only and args.only not in name and not name.startswith("trivial"):
                    continue
                status, _body = get("127.0.0.1", PROXY_PORT, path, headers)
                if status != 200:
                    print(f"{name}: {path} answers {status}; measured anyway")
                # As a browser asks: compressed if the proxy will (it leaves robots.txt alone, under 1 KB).
                measured[name] = drive(
                    path, {"Accept-Encoding": "gzip", **headers}, args.clients, args.seconds
                )
            signed_in = {name for name, (_path, headers) in pages(info).items() if "Cookie" in headers}
            for name, r in measured.items():
                ceiling = measured[TRIVIAL_SIGNED_IN if name in signed_in else TRIVIAL]["rps"]
                r["share"] = r["rps"] / ceiling if ceiling else 0.0
            rounds.append(measured)
    finally:
        deployment.stop()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
            SEED_FILE.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)

    results = {
        name: {
            **{
                k: statistics.median(r[name][k] for r in rounds)
                for k in ("rps", "p50", "p95", "p99", "share", *(f"cpu {part}" for part in CPU_PARTS))
            },
            "requests": sum(r[name]["requests"] for r in rounds),
            "errors": sum(r[name]["errors"] for r in rounds),
        }
        for name in rounds[0]
    }
    print(f"{len(rounds)} rounds; medians of the rounds, requests and errors summed\n")
    print(
        f"{'page':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}{'share':>7}  targets"
    )
    all_met = True
    for name, r in results.items():
        share = r["share"]
        met = (
            r["errors"] == 0
            and r["p95"] <= TARGET_P95_MS
            and (name in (TRIVIAL, TRIVIAL_SIGNED_IN) or share >= TARGET_SHARE)
        )
        all_met &= met
        print(
            f"{name:<22}{r['requests']:>9}{r['rps']:>8.1f}{r['p50']:>8.0f}{r['p95']:>8.0f}{r['p99']:>8.0f}"
            f"{r['errors']:>7}{share:>7.2f}  {'met' if met else 'NOT MET'}"
        )
    print(
        f"\ntargets: zero errors, p95 <= {TARGET_P95_MS} ms, at least {TARGET_SHARE:.2f} of the req/s of the trivial view "
        "of its kind (signed-in pages: the trivial signed-in page's; public pages: robots.txt's)"
    )
    # Where each request's time goes. Everything shares the machine's cores, so a page's throughput is at most
    # cores × 1000 / total req/s, and its share of the trivial view's is close to the inverse ratio of the totals.
    print("\nCPU ms per request (medians of the rounds; the machine's 2 cores run all of it)\n")
    print(f"{'page':<22}" + "".join(f"{part:>16}" for part in CPU_PARTS) + f"{'total':>8}")
    for name, r in results.items():
        parts = [r[f"cpu {part}"] for part in CPU_PARTS]
        print(f"{name:<22}" + "".join(f"{ms:>16.2f}" for ms in parts) + f"{sum(parts):>8.2f}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
