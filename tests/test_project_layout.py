"""Checks of the repository's own shape that need no database.

They guard what an integrator relies on: every addon ships a valid 19.0
manifest with an icon and readme fragments, and the docker-compose file and
odoo.conf keep the settings the README promises.
"""

import ast
import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["oms_omnichannel", "oms_returns", "oms_marketplace_sync"]


def _manifest(name):
    return ast.literal_eval((ROOT / "addons" / name / "__manifest__.py").read_text())


@pytest.mark.parametrize("name", ADDONS)
def test_addon_shape(name):
    manifest = _manifest(name)
    assert manifest["version"].startswith("19.0.")
    assert manifest["license"] == "AGPL-3"
    addon = ROOT / "addons" / name
    assert (addon / "static/description/icon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (addon / "readme" / fragment).read_text().strip()
    for data_file in manifest.get("data", []):
        assert (addon / data_file).is_file(), data_file


def test_dependencies_as_planned():
    assert {"sale_management", "sale_stock", "stock_delivery", "stock_account"} <= set(
        _manifest("oms_omnichannel")["depends"]
    )
    assert {"oms_omnichannel", "rma_sale"} <= set(_manifest("oms_returns")["depends"])
    assert {"oms_omnichannel", "queue_job"} <= set(_manifest("oms_marketplace_sync")["depends"])
    assert _manifest("oms_omnichannel").get("application") is True


def test_odoo_conf_runs_queue_job():
    conf = configparser.ConfigParser()
    conf.read(ROOT / "odoo.conf")
    wide = [m.strip() for m in conf["options"]["server_wide_modules"].split(",")]
    assert wide == ["base", "web", "queue_job", "oms_omnichannel"]
    assert "root.marketplace" in conf["queue_job"]["channels"]
    assert conf["options"]["http_port"] == "8069"


def test_docker_compose_is_valid():
    compose = shutil.which("docker-compose")
    if not compose:
        pytest.fail("docker-compose (Debian package) is needed to validate docker-compose.yml")
    result = subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "odoo:19" in result.stdout
    assert "postgres:16" in result.stdout
    assert "healthcheck" in result.stdout


def test_ci_calls_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    assert "scripts/test" in readme
    assert "scripts/test" in ci
