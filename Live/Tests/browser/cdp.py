"""A small Chrome DevTools Protocol client over a WebSocket written on plain sockets, so the browser
tests need nothing beyond Python's standard library and Debian's chromium."""
import base64
import json
import os
import socket
import struct
import time
import urllib.request


class WebSocket:
    def __init__(self, url, timeout=30):
        assert url.startswith("ws://")
        hostport, path = url[len("ws://"):].split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n") % (path, hostport, key)
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(1)
            if not chunk:
                raise EOFError("websocket handshake closed")
            response += chunk
        if b" 101 " not in response.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake refused: %r" % response[:200])
        self.buffer = b""

    def send(self, text):
        data = text.encode()
        header = bytearray([0x81])
        n = len(data)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", n)
        mask = os.urandom(4)
        header += mask
        # Mask four bytes at a time through a big integer: fast enough for axe's 570 KB.
        padded = data + b"\0" * (-n % 4)
        m = int.from_bytes(mask * (len(padded) // 4), "big")
        masked = (int.from_bytes(padded, "big") ^ m).to_bytes(len(padded), "big")[:n] if n else b""
        self.sock.sendall(bytes(header) + masked)

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("websocket closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive(self):
        message = b""
        while True:
            b1, b2 = self._read(2)
            opcode, n = b1 & 0x0F, b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            if b2 & 0x80:
                self._read(4)
            payload = self._read(n)
            if opcode == 8:
                raise EOFError("websocket closed by the browser")
            if opcode in (9, 10):
                continue
            message += payload
            if b1 & 0x80:
                return message.decode()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Session:
    """One DevTools target (a page, or the browser itself)."""

    def __init__(self, url):
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []

    def call(self, method, params=None, timeout=30):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params or {}}))
        deadline = time.time() + timeout
        while time.time() < deadline:
            message = json.loads(self.ws.receive())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError("%s failed: %s" % (method, message["error"]))
                return message.get("result", {})
            self.events.append(message)
        raise TimeoutError(method)

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            raise RuntimeError("script failed: %s" % json.dumps(result["exceptionDetails"])[:800])
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=15, what=None):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            try:
                last = self.evaluate(expression)
                if last:
                    return last
            except RuntimeError:
                pass  # the page is navigating
            time.sleep(0.1)
        raise TimeoutError("waited %ss for %s (last value %r)" % (timeout, what or expression, last))

    def navigate(self, url):
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && location.href.startsWith(%s)" % json.dumps(url.split("?")[0]))

    def close(self):
        self.ws.close()


class Browser:
    def __init__(self, chromium, profile):
        import subprocess
        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        self.port = int(open(port_file).read().split()[0])
        version = json.load(urllib.request.urlopen("http://127.0.0.1:%d/json/version" % self.port, timeout=10))
        self.browser = Session(version["webSocketDebuggerUrl"])

    def new_page(self, url, isolated=True):
        """A tab; `isolated` gives it its own cookies (a separate phone)."""
        params = {"url": "about:blank"}
        if isolated:
            params["browserContextId"] = self.browser.call("Target.createBrowserContext")["browserContextId"]
        target = self.browser.call("Target.createTarget", params)["targetId"]
        page = Session("ws://127.0.0.1:%d/devtools/page/%s" % (self.port, target))
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.navigate(url)
        return page

    def close(self):
        try:
            self.browser.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()
