"""A local OParl 1.1 server for the import tests: JSON files from ``oparl_fixture/`` on 127.0.0.1, no network.

``/oparl/v1.1/body/1`` is the body; its paper list has two pages (``links.next``), and with ``modified_since`` it
answers ``papers-changed.json`` (what changed since the first import). ``server.answer`` may replace an answer:
a function of the requested path (with its query) giving ``(status, content)`` or ``None`` for the usual one;
``server.slow`` makes answers wait (seconds); ``server.requests`` lists every path asked for.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.admin.conftest import mitte, unna  # noqa: F401 - two regions with editors and content (test_admin)

FIXTURE_DIR = Path(__file__).parent / "oparl_fixture"
BODY_PATH = "/oparl/v1.1/body/1"
PAPER_PATH = "/oparl/v1.1/body/1/paper"


def fixture_file(path, query):
    if path == BODY_PATH:
        return "body.json"
    if path == PAPER_PATH:
        if "modified_since" in query:
            return "papers-changed.json"
        return "papers-2.json" if query.get("page") == ["2"] else "papers-1.json"
    return None


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        parts = urlsplit(self.path)
        time.sleep(server.slow)
        if (replaced := server.answer(self.path)) is not None:
            status, content = replaced
        elif (name := fixture_file(parts.path, parse_qs(parts.query))) is not None:
            status, content = 200, (FIXTURE_DIR / name).read_text().replace("{base}", server.base).encode()
        else:
            status, content = 404, b'{"error": "not found"}'
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (the timeout test)
            pass

    def log_message(self, *args):  # quiet test output
        pass


@pytest.fixture
def oparl_server(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.base = f"http://127.0.0.1:{server.server_port}"
    server.body_url = server.base + BODY_PATH
    server.paper_path = PAPER_PATH
    server.requests, server.slow = [], 0
    server.answer = lambda path: None
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()
