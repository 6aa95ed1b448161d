"""A signed-in browser of the standard library, for timing pages served by gunicorn on loopback.

No Django import here: it talks HTTP only. Production settings mark the cookies ``Secure``; on
loopback over plain HTTP they are sent anyway (as the load test's cookie policy does).
"""

import http.client
import re
import statistics
import time
from urllib.parse import urlencode


class Browser:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        """``(status, headers, body bytes, seconds)`` of one request on a fresh connection."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, content, elapsed

    def get(self, path):
        return self.request("GET", path)

    def login(self, email, password):
        """Sign in through the real login form (CSRF cookie and token), as a person would."""
        status, _headers, page, _elapsed = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page answered {status}")
        body = urlencode(
            {"login": email, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        status, headers, _page, _elapsed = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {email} failed: {status} {headers.get('Location')}")

    def median(self, path, repeat, before=None):
        """Median seconds over ``repeat`` requests after one warm-up, and the page's size;
        ``before()``, when given, runs before each request (untimed)."""
        status, _headers, content, _elapsed = self.get(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        times = []
        for _ in range(repeat):
            if before is not None:
                before()
            times.append(self.get(path)[3])
        return statistics.median(times), len(content)
