"""`maklumat demo` stops everything it started, restarts dead workers, refuses a taken port."""

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from maklumat.portal.management.commands.demo import port_problem

SLOW = os.environ.get("MAKLUMAT_SLOW_TESTS") == "1"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children")
            if children.exists():
                for child in map(int, children.read_text().split()):
                    if child not in found:
                        found.add(child)
                        frontier.append(child)
    return found


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SUPERVISE = textwrap.dedent("""
    import sys
    from maklumat.lib.supervisor import Supervisor
    py = sys.executable
    server = [py, "-c", "import time; time.sleep(120)"]
    sleeper = [py, "-c", "import time; time.sleep(120)"]
    # dies at once every time it starts, leaving a mark per start
    crasher = [py, "-c", "import sys; open(sys.argv[1], 'a').write('x'); sys.exit(3)", sys.argv[1]]
    raise SystemExit(Supervisor(server, [sleeper, crasher], settle=10, max_restart_delay=0.5, poll=0.05,
                                stop_timeout=5).run())
""")


@pytest.fixture
def supervisor(tmp_path):
    marks = tmp_path / "starts"
    process = subprocess.Popen([sys.executable, "-c", SUPERVISE, str(marks)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert wait_until(lambda: len(descendants(process.pid)) >= 2, 10)
    yield process, marks
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_stops_the_server_and_every_worker(supervisor, signum):
    process, _ = supervisor
    children = descendants(process.pid)
    process.send_signal(signum)
    assert process.wait(timeout=10) == 0
    assert wait_until(lambda: not any(alive(pid) for pid in children), 5), "a child survived"


def test_a_worker_that_dies_is_restarted(supervisor):
    process, marks = supervisor
    # the crashing worker starts, dies, and is started again (with a short backoff)
    assert wait_until(lambda: marks.exists() and len(marks.read_text()) >= 3, 10)
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=10)
    assert "worker exited with status 3" in out and "restarting worker" in out


def test_port_problem_names_the_port_and_the_option_when_it_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        problem = port_problem("127.0.0.1", port)
    assert problem == (f"port {port} on 127.0.0.1 is already in use (another `maklumat demo` or server?); "
                       "stop it or choose another port with --port N")


def test_port_problem_is_none_for_a_free_port():
    assert port_problem("127.0.0.1", free_port()) is None


def test_demo_on_a_taken_port_exits_non_zero_before_touching_the_data(tmp_path):
    data = tmp_path / "data"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "maklumat", "demo", "--port", str(port)],
                              env={**os.environ, "MAKLUMAT_DATA_DIR": str(data)}, capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port N" in done.stderr and "Traceback" not in done.stderr
    assert not (data / "maklumat.sqlite3").exists()


@pytest.mark.slow
@pytest.mark.skipif(not SLOW, reason="starts the real demo (~30 s); set MAKLUMAT_SLOW_TESTS=1 (.ci/run does)")
def test_real_demo_serves_then_sigterm_leaves_no_process_behind(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MAKLUMAT_DATA_DIR"] = str(tmp_path / "data")
    demo = subprocess.Popen([sys.executable, "-m", "maklumat", "demo", "--port", str(port), "--workers", "1"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def healthy():
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2).status == 200
            except OSError:
                return False

        assert wait_until(healthy, 120), "the demo never answered /health/"
        # gunicorn master + its worker + the SLA and pickup workers
        assert wait_until(lambda: len(descendants(demo.pid)) >= 4, 20)
        children = descendants(demo.pid)
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=15) == 0
        assert wait_until(lambda: not any(alive(pid) for pid in children), 5), "a child survived"
        assert not healthy()
    finally:
        if demo.poll() is None:
            demo.kill()
