"""Project-wide pytest hooks: a skipped test fails the run.

A skip here nearly always means a missing dependency (an HttpCase without
--odoo-http, a tour without websocket-client or Chromium), and a green run
that silently skipped is worse than a red one. Set OMS_ALLOW_SKIP=1 to allow
skips while working locally.
"""

import os

import pytest

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == 0 and os.environ.get("OMS_ALLOW_SKIP") != "1":
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if _skipped and os.environ.get("OMS_ALLOW_SKIP") != "1":
        terminalreporter.write_line(
            f"{len(_skipped)} test(s) skipped: failing the run (see the skip reasons above)",
            red=True,
        )
