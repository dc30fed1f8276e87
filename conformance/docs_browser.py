"""The docs page, as a person in a browser uses it.

Drives Debian's Chromium through chromedriver (W3C WebDriver, plain HTTP):
open r1's base URL (redirected to /docs/), press Authorize, fill in the API
client's id and secret for the OAuth2 client-credentials flow, authorize,
close the dialog, open GET /identityGroups, "Try it out", "Execute", and read
the status the page shows: it must be 200, sent with the bearer token the
page got. Every wait is bounded; the whole check has a deadline.

  python conformance/docs_browser.py --url http://127.0.0.1:PORT
"""

import argparse
import base64
import os
import socket
import subprocess
import sys
import tempfile
import time

import requests

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class Failed(Exception):
    pass


class Browser:
    """A headless Chromium session through chromedriver."""

    def __init__(self, chromium, chromedriver, deadline):
        self.deadline = deadline
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        self.profile = tempfile.TemporaryDirectory(prefix="r1-chromium-")
        self.driver = subprocess.Popen(
            [chromedriver, f"--port={port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only, never through a proxy
        self.until(lambda: self._ready(), "chromedriver to start", 20)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,2000",
                         f"--user-data-dir={self.profile.name}"],
            },
        }}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _ready(self):
        try:
            return self.http.get(f"{self.base}/status", timeout=2).json()["value"]["ready"]
        except (requests.RequestException, ValueError, KeyError):
            return False

    def _call(self, method, path, body=None):
        timeout = max(1.0, min(30.0, self.deadline - time.monotonic()))
        res = self.http.request(method, self.base + path, json=body, timeout=timeout)
        value = res.json().get("value")
        if res.status_code >= 400:
            raise Failed(f"webdriver {method} {path}: {value}")
        return value

    def do(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def until(self, check, what, seconds=30):
        end = min(self.deadline, time.monotonic() + seconds)
        while time.monotonic() < end:
            got = check()
            if got:
                return got
            time.sleep(0.25)
        raise Failed(f"timed out waiting for {what}")

    def js(self, script, *args):
        return self.do("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        found = self.do("POST", "/elements", {"using": "css selector", "value": css})
        return [e[ELEMENT] for e in found]

    def type_into(self, element, text):
        self.do("POST", f"/element/{element}/clear", {})
        self.do("POST", f"/element/{element}/value", {"text": text})

    def screenshot(self, path):
        png = self.do("GET", "/screenshot")
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(png))

    def close(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        except Exception:  # the browser may already be gone; the driver is stopped below
            pass
        self.driver.terminate()
        try:
            self.driver.wait(10)
        except subprocess.TimeoutExpired:
            self.driver.kill()
        self.profile.cleanup()


# The OAuth2 section of the Authorize dialog (the other one is bearerAuth).
OAUTH_SECTION = """
return [...document.querySelectorAll('.modal-ux .auth-container')]
  .find(c => c.innerText.includes('OAuth2')) || null;
"""


def run(b, url, client_id, client_secret, log):
    b.do("POST", "/url", {"url": url + "/"})
    here = b.do("GET", "/url")
    if "/docs/" not in here:
        raise Failed(f"{url}/ did not lead to the docs page, the browser is at {here}")
    log(f"opened {url}/ -> {here}")

    authorize = b.until(lambda: b.find("button.btn.authorize"), "the Authorize button")
    b.do("POST", f"/element/{authorize[0]}/click", {})
    b.until(lambda: b.js(OAUTH_SECTION), "the OAuth2 client-credentials section of the dialog")
    section_text = b.js("return arguments[0].innerText;", b.js(OAUTH_SECTION))
    if "Flow: clientCredentials" not in section_text:
        raise Failed(f"the dialog's OAuth2 section does not offer client credentials: {section_text}")
    client = b.find('.modal-ux input[data-name="clientId"]')[0]
    secret = b.find('.modal-ux input[data-name="clientSecret"]')[0]
    b.type_into(client, client_id)
    b.type_into(secret, client_secret)
    b.js("arguments[0].querySelector('button.authorize').click();", b.js(OAUTH_SECTION))
    b.until(lambda: b.js("""
        const s = arguments[0];
        return s && [...s.querySelectorAll('button')].some(x => x.innerText.trim() === 'Logout');
    """, b.js(OAUTH_SECTION)), "the dialog to show the client as authorized", 30)
    errors = b.js("const s = arguments[0]; return s.querySelector('.errors') ? s.querySelector('.errors').innerText : '';",
                  b.js(OAUTH_SECTION))
    if errors:
        raise Failed(f"authorizing failed: {errors}")
    log("authorized with the OAuth2 client-credentials flow")
    b.js("document.querySelector('.modal-ux button.btn-done, .modal-ux .close-modal').click();")
    b.until(lambda: not b.find(".modal-ux"), "the dialog to close", 10)

    opblock = """
    return [...document.querySelectorAll('.opblock.opblock-get')]
      .find(o => o.querySelector('.opblock-summary-path')?.getAttribute('data-path') === '/identityGroups') || null;
    """
    block = b.until(lambda: b.js(opblock), "GET /identityGroups on the page")
    b.js("arguments[0].querySelector('.opblock-summary-control').click();", block)
    b.until(lambda: b.js("return !!arguments[0].querySelector('.try-out__btn');", b.js(opblock)),
            "Try it out", 10)
    b.js("arguments[0].querySelector('.try-out__btn').click();", b.js(opblock))
    b.until(lambda: b.js("return !!arguments[0].querySelector('button.execute');", b.js(opblock)),
            "Execute", 10)
    b.js("arguments[0].querySelector('button.execute').click();", b.js(opblock))
    status = b.until(lambda: b.js("""
        const c = arguments[0].querySelector('.live-responses-table tr.response .response-col_status');
        return c ? c.innerText.trim() : null;
    """, b.js(opblock)), "the response of GET /identityGroups", 30)
    curl = b.js("const c = arguments[0].querySelector('.curl-command, .curl'); return c ? c.innerText : '';",
                b.js(opblock))
    log(f"GET /identityGroups from the page: {status.splitlines()[0]}")
    if not status.startswith("200"):
        raise Failed(f"GET /identityGroups answered {status} in the page; request: {curl}")
    if "Authorization: Bearer" not in curl:
        raise Failed(f"the page sent no bearer token: {curl}")
    b.js("arguments[0].querySelector('.live-responses-table').scrollIntoView();", b.js(opblock))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--client-id", default=os.environ.get("R1_BOOTSTRAP_CLIENT_ID", "r1-client"))
    ap.add_argument("--client-secret", default=os.environ.get("R1_BOOTSTRAP_CLIENT_SECRET", "r1-secret"))
    ap.add_argument("--chromium", default=os.environ.get("R1_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--chromedriver", default=os.environ.get("R1_CHROMEDRIVER", "/usr/bin/chromedriver"))
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("R1_BROWSER_TIMEOUT", "180")))
    ap.add_argument("--screenshot", default=os.path.join(os.path.dirname(__file__), "..", ".conformance",
                                                         "reports", "docs-browser.png"))
    args = ap.parse_args(argv)
    url = args.url.rstrip("/")

    def log(line):
        print(f"  {line}", flush=True)

    deadline = time.monotonic() + args.timeout
    b = Browser(args.chromium, args.chromedriver, deadline)
    try:
        run(b, url, args.client_id, args.client_secret, log)
        b.screenshot(args.screenshot)
        print(f"docs page: authorized and ran GET /identityGroups: 200 (screenshot: {args.screenshot})")
        return 0
    except (Failed, requests.RequestException) as e:
        try:
            b.screenshot(args.screenshot)
            shot = f" (screenshot: {args.screenshot})"
        except Exception:  # a failed browser may not take one; the failure itself is reported
            shot = ""
        print(f"docs page check FAILED: {e}{shot}", file=sys.stderr)
        return 1
    finally:
        b.close()


if __name__ == "__main__":
    sys.exit(main())
