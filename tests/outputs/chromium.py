"""Drive headless Chromium through the DevTools protocol, with the network blocked.

Standard library only: a minimal WebSocket client (RFC 6455, client side) is
enough for the DevTools protocol, so the browser tests need no extra package.

``Browser().open(path)`` loads a local file and returns a :class:`PageReport`:
every request the page made (``requests``), console errors and uncaught
exceptions (``errors``), JavaScript dialogs (``dialogs``: an ``alert(1)`` from
injected markup would land here), and lets the test evaluate expressions in the
page and take screenshots.

The browser runs with ``--host-resolver-rules`` mapping every host to nothing
and a proxy on a closed local port, so a request to any host fails — and is
still recorded by ``Network.requestWillBeSent``, which is what the tests check.

Also a command line for the documentation screenshots::

    python -m tests.outputs.chromium screenshot PAGE.html OUT.png [--width 1400 --height 900] [--full]
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BLOCK_NETWORK = [
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]
BASE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--disable-dev-shm-usage", "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--metrics-recording-only", "--password-store=basic", "--use-mock-keychain",
]
INSTALL_HINT = ("headless Chromium is needed for the browser tests: install the Debian package "
                "(`apt-get install -y chromium`, as root; scripts/test does it) or set GRAPHFRAUD_CHROMIUM "
                "to a Chromium/Chrome binary")


def find_chromium() -> str | None:
    env = os.environ.get("GRAPHFRAUD_CHROMIUM")
    if env:
        return env if (os.path.isfile(env) and os.access(env, os.X_OK)) else shutil.which(env)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


# ----------------------------------------------------------------------------- a minimal WebSocket client
class WebSocket:
    def __init__(self, url: str, timeout: float = 30.0):
        assert url.startswith("ws://"), url
        rest = url[len("ws://"):]
        hostport, _, path = rest.partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools closed the connection during the handshake")
            buf += chunk
        head, _, self._pending = buf.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"WebSocket handshake refused: {head[:200]!r}")

    def _read(self, n: int) -> bytes:
        out = bytearray()
        if self._pending:
            out += self._pending[:n]
            self._pending = self._pending[n:]
        while len(out) < n:
            chunk = self.sock.recv(max(65536, n - len(out)))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            out += chunk
        if len(out) > n:
            self._pending = bytes(out[n:]) + self._pending
            out = out[:n]
        return bytes(out)

    def send(self, text: str, opcode: int = 1) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        head = bytes([0x80 | opcode])
        n = len(data)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(head + mask + masked)

    def recv(self) -> str:
        parts = []
        while True:
            b1, b2 = self._read(2)
            fin, opcode = b1 & 0x80, b1 & 0x0F
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b2 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 9:       # ping
                self.send(payload, opcode=10)
                continue
            if opcode == 8:
                raise ConnectionError("DevTools closed the WebSocket")
            if opcode in (0, 1, 2):
                parts.append(payload)
                if fin:
                    return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


# ----------------------------------------------------------------------------- DevTools
class PageReport:
    def __init__(self, browser: "Browser", url: str):
        self.browser = browser
        self.url = url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []

    def evaluate(self, expression: str):
        return self.browser.evaluate(expression)

    @property
    def foreign_requests(self) -> list[str]:
        """Requests other than the page itself and inline data: URLs."""
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]

    def screenshot(self, path, full_page: bool = False) -> Path:
        return self.browser.screenshot(path, full_page=full_page)


class Browser:
    """One headless Chromium with one page, network blocked. Use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 900, block_network: bool = True):
        exe = find_chromium()
        if exe is None:
            raise RuntimeError(INSTALL_HINT)
        self.profile = tempfile.mkdtemp(prefix="gf-chromium-")
        flags = BASE_FLAGS + (BLOCK_NETWORK if block_network else []) + [
            f"--user-data-dir={self.profile}", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", f"--window-size={width},{height}", "about:blank"]
        self.log = open(Path(self.profile) / "chromium.log", "wb")
        self.proc = subprocess.Popen([exe, *flags], stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        self.width, self.height = width, height
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.time() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            if self.proc.poll() is not None or time.time() > deadline:
                self.close()
                raise RuntimeError(f"Chromium did not start ({exe}); log: {self._log_tail()}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        base = f"http://127.0.0.1:{port}"
        targets = []
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(base + "/json/list", timeout=5) as r:
                    targets = [t for t in json.load(r) if t.get("type") == "page"]
            except OSError:
                targets = []
            if targets:
                break
            time.sleep(0.1)
        if not targets:
            self.close()
            raise RuntimeError("Chromium started without a page target")
        self.ws = WebSocket(targets[0]["webSocketDebuggerUrl"])
        self._id = 0
        self._events: list[dict] = []
        self.report: PageReport | None = None
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=False)

    def _log_tail(self) -> str:
        try:
            return (Path(self.profile) / "chromium.log").read_bytes()[-2000:].decode("utf-8", "replace")
        except OSError:
            return ""

    # -- protocol
    def call(self, method: str, timeout: float = 60.0, **params):
        self._id += 1
        mid = self._id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        deadline = time.time() + timeout
        while True:
            if time.time() > deadline:
                raise TimeoutError(f"no answer to {method}")
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self._event(msg)

    def _event(self, msg: dict) -> None:
        method, p = msg.get("method"), msg.get("params", {})
        rep = self.report
        if rep is None or not method:
            return
        if method == "Network.requestWillBeSent":
            rep.requests.append(p["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            rep.errors.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            rep.console.append(f"{p.get('type')}: {text}")
            if p.get("type") in ("error", "assert"):
                rep.errors.append("console: " + text)
        elif method == "Log.entryAdded":
            e = p.get("entry", {})
            rep.console.append(f"log {e.get('level')}: {e.get('text')}")
            if e.get("level") == "error":
                rep.errors.append(f"log: {e.get('text')} {e.get('url') or ''}".strip())
        elif method == "Page.javascriptDialogOpening":
            rep.dialogs.append(p.get("message", ""))
            self.ws.send(json.dumps({"id": 10 ** 9 + len(rep.dialogs),
                                     "method": "Page.handleJavaScriptDialog", "params": {"accept": True}}))
        elif method == "Page.loadEventFired":
            rep.loaded = True

    def pump(self, seconds: float) -> None:
        """Read events for a while (the page keeps running)."""
        self.ws.sock.settimeout(0.2)
        end = time.time() + seconds
        try:
            while time.time() < end:
                try:
                    self._event(json.loads(self.ws.recv()))
                except TimeoutError:   # socket.timeout is TimeoutError since Python 3.10
                    continue
        finally:
            self.ws.sock.settimeout(30)

    def evaluate(self, expression: str):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"evaluate failed: {r['exceptionDetails']}")
        return r.get("result", {}).get("value")

    # -- pages
    def open(self, path, wait_for: str | None = "document.documentElement.getAttribute('data-gf-rendered')",
             timeout: float = 60.0, settle: float = 0.5) -> PageReport:
        url = Path(path).resolve().as_uri()
        self.report = PageReport(self, url)
        self.report.loaded = False
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        while not self.report.loaded and time.time() < deadline:
            self.pump(0.2)
        if wait_for:
            while time.time() < deadline:
                if self.evaluate(wait_for):
                    break
                self.pump(0.2)
            else:
                raise TimeoutError(f"the page never satisfied {wait_for!r}; errors: {self.report.errors}")
        self.pump(settle)
        return self.report

    def screenshot(self, path, full_page: bool = False) -> Path:
        params = {"format": "png"}
        if full_page:
            h = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)") or self.height)
            params["clip"] = {"x": 0, "y": 0, "width": self.width, "height": h, "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        out = Path(path)
        out.write_bytes(base64.b64decode(data))
        return out

    def close(self) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Screenshot a local page with headless Chromium (network "
                                             "blocked).")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("screenshot")
    s.add_argument("page")
    s.add_argument("out")
    s.add_argument("--width", type=int, default=1400)
    s.add_argument("--height", type=int, default=900)
    s.add_argument("--full", action="store_true", help="the whole page, not only the window")
    s.add_argument("--eval", default=None, help="JavaScript to run before the screenshot")
    s.add_argument("--no-wait", action="store_true", help="do not wait for a graph to render")
    a = ap.parse_args(argv)
    with Browser(a.width, a.height) as b:
        rep = b.open(a.page, wait_for=None if a.no_wait else
                     "document.documentElement.getAttribute('data-gf-rendered')")
        if a.eval:
            b.evaluate(a.eval)
            b.pump(1.0)
        rep.screenshot(a.out, full_page=a.full)
        print(json.dumps({"out": a.out, "requests": rep.foreign_requests, "errors": rep.errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
