"""Load test of issue 15: `make load-test` (README, Benchmarks) runs it headless against gunicorn.

Two kinds of signed-in users on the scale data set, both signing in through the real login form:
managers browse lists, a company, the dashboard and download the register export; leaders fill
their draft self-assessment (the htmx autosave endpoint) and register to and from open events.
The accounts and ids come from the plan the data builder writes (``BENCH_PLAN``).
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
PASSWORD = os.environ["BENCH_PASSWORD"]
BIG = PLAN["big"]
LEADERS = itertools.cycle(BIG["leaders"])


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0, 10)
    email = ""

    def loopback_cookies(self):
        # Production cookies are ``Secure``; requests copies the jar into one with the default
        # policy for each request, so on loopback over HTTP the flag itself has to go.
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path, name):
        self.loopback_cookies()
        self.expect_200(
            self.client.get(path, name=name, allow_redirects=False, catch_response=True)
        )

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.loopback_cookies()
        with self.client.post(
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}: {response.text[:200]!r}")

    def post(self, path, data, name):
        self.loopback_cookies()
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "HX-Request": "true"}
        self.expect_200(
            self.client.post(
                path, data, headers=headers, name=name, allow_redirects=False, catch_response=True
            )
        )

    @staticmethod
    def expect_200(response):
        # A redirect here is the login page: the session was lost, which must count as a failure.
        with response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")


class Manager(SignedIn):
    weight = 1
    email = BIG["manager"]
    base = f"/{BIG['slug']}/"

    @task(3)
    def companies(self):
        self.get(self.base + "companies/", name="companies list")

    @task(1)
    def companies_page_2(self):
        self.get(self.base + "companies/?page=2", name="companies ?page=2")

    @task(2)
    def company(self):
        self.get(f"{self.base}companies/{BIG['company']}/", name="a company")

    @task(2)
    def dashboard(self):
        self.get(self.base + "dashboard/", name="dashboard")

    @task(2)
    def other_lists(self):
        path = random.choice(["people/", "events/", "diagnostics/", "charter/", "campaigns/"])  # noqa: S311
        self.get(self.base + path, name=path)

    @task(1)
    def export(self):
        self.get(self.base + "companies/export.csv", name="register CSV export")


class Leader(SignedIn):
    weight = 3
    base = f"/{BIG['slug']}/"

    def on_start(self):
        self.draft = next(LEADERS)
        self.email = self.draft["email"]
        super().on_start()

    @task(4)
    def answer(self):
        criterion = random.choice(self.draft["criteria"])  # noqa: S311
        value = (
            {"number": str(random.randint(10, 90))}  # noqa: S311
            if criterion["number"]
            else {"choice": random.choice(criterion["choices"])}  # noqa: S311
        )
        self.post(
            f"{self.base}diagnostics/{self.draft['diagnostic']}/answer/{criterion['pk']}/",
            value,
            name="autosave an answer",
        )

    @task(1)
    def register_and_unregister(self):
        event = random.choice(BIG["open_events"])  # noqa: S311
        self.post(f"{self.base}events/{event}/register/", {}, name="register to an event")
        self.post(f"{self.base}events/{event}/unregister/", {}, name="unregister")

    @task(1)
    def home(self):
        self.get(self.base, name="leader home")
