"""What `make bench` prints under pytest-benchmark's table: figures a benchmark derives from its
timing (``benchmark.extra_info["per_<thing>_s"]``), such as the time per certificate of a wave."""

import pytest


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    session = getattr(config, "_benchmarksession", None)
    lines = []
    for bench in getattr(session, "benchmarks", []):
        for key, value in sorted(bench.extra_info.items()):
            if key.startswith("per_") and key.endswith("_s"):
                thing = key[len("per_") : -len("_s")].replace("_", " ")
                lines.append(f"{bench.name}: {value * 1000:.1f} ms per {thing} (median round)")
    if lines:
        terminalreporter.write_sep("-", "derived figures")
        for line in lines:
            terminalreporter.write_line(line)
