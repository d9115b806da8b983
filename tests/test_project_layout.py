"""Checks of the repository's own shape that need no database.

They guard what an integrator relies on: every addon ships a valid 19.0
manifest with an icon and readme fragments, and the docker-compose file and
odoo.conf keep the settings the README and docs/SCALING.md promise.
"""

import ast
import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ADDONS = [
    "oms_omnichannel",
    "oms_returns",
    "oms_marketplace_sync",
    "oms_marketplace_returns",
    "oms_pos",
    "oms_dropship",
]


def _manifest(name):
    return ast.literal_eval((ROOT / "addons" / name / "__manifest__.py").read_text())


@pytest.mark.parametrize("name", ADDONS)
def test_addon_shape(name):
    manifest = _manifest(name)
    assert manifest["version"].startswith("19.0.")
    assert manifest["license"] == "AGPL-3"
    addon = ROOT / "addons" / name
    assert (addon / "static/description/icon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md", "ROADMAP.md"):
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
    # the Point of Sale bridge stays optional: installed only with point_of_sale
    assert set(_manifest("oms_pos")["depends"]) == {"oms_omnichannel", "point_of_sale"}
    assert _manifest("oms_pos").get("auto_install") is True
    # dropship / buy to order need the Purchase app: a bridge, so that the OMS
    # installs without it
    assert set(_manifest("oms_dropship")["depends"]) == {
        "oms_omnichannel",
        "purchase_stock",
        "stock_dropshipping",
    }
    assert _manifest("oms_dropship").get("auto_install") is True
    assert not {"purchase", "purchase_stock", "stock_dropshipping", "mrp"} & set(
        _manifest("oms_omnichannel")["depends"]
    )


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
    assert "scripts/run" in readme
    assert "scripts/test" in ci


DOCS = ["README.md", "tests/README.md", "docs/BENCHMARKS.md", "docs/SCALING.md", "docs/SECURITY.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", DOCS)
def test_doc_links_resolve(doc):
    """Relative links of the project's docs point at files that exist."""
    path = ROOT / doc
    for target in LINK.findall(path.read_text()):
        if target.startswith(("http://", "https://", "mailto:", "#")):
            continue
        target = target.split("#", 1)[0]
        assert (path.parent / target).exists(), f"{doc}: broken link {target}"


def test_readme_module_map_names_every_addon():
    readme = (ROOT / "README.md").read_text()
    for addon in (ROOT / "addons").iterdir():
        if (addon / "__manifest__.py").is_file():
            assert f"`{addon.name}`" in readme, addon.name


SCALE_SERVICES = {
    "db",
    "db-replica",
    "odoo-init",
    "odoo-web-1",
    "odoo-web-2",
    "nginx",
    "odoo-jobrunner",
}


def _compose_config(*args):
    compose = shutil.which("docker-compose")
    if not compose:
        pytest.fail("docker-compose (Debian package) is needed to validate docker-compose.yml")
    result = subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), *args, "config"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def _needed(services, names):
    """The services `docker compose up <names>` starts: names and their depends_on."""
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(services[name].get("depends_on", {}))
    return seen


def test_compose_first_run_builds_the_indonesian_database():
    """`docker compose up` creates database "oms" like scripts/run: the first-run
    script runs before the image's entrypoint, with the same variables and
    modules, the company's country given to `odoo db init`."""
    script = (ROOT / "docker/oms-first-run.sh").read_text()
    assert os.access(ROOT / "docker/oms-first-run.sh", os.X_OK)
    for name in ("odoo", "odoo-init"):
        service = _compose_config("--profile", "production")[name]
        assert service["entrypoint"] == ["/usr/local/bin/oms-first-run.sh", "/entrypoint.sh"]
        env = service["environment"]
        assert (env["OMS_DB"], env["OMS_COUNTRY"], env["OMS_LANG"], env["OMS_DEMO"]) == (
            "oms",
            "ID",
            "id_ID",
            "0",
        )
        mounts = {v.split(":")[1] for v in service["volumes"]}
        assert {"/usr/local/bin/oms-first-run.sh", "/usr/local/share/oms/first_run.py"} <= mounts
    assert "--database=oms" in _compose_config()["odoo"]["command"]
    # overridable like scripts/run
    env = _compose_config_env({"OMS_COUNTRY": "MY", "OMS_LANG": ""})["odoo"]["environment"]
    assert (env["OMS_COUNTRY"], env["OMS_LANG"]) == ("MY", "")
    # the same modules as scripts/run (l10n_id included), the same db init
    common = (ROOT / "scripts/common.sh").read_text()
    (modules,) = re.findall(r'^OMS_MODULES="([^"]+)"', common, re.M)
    assert f"OMS_MODULES:-{modules}}}" in script
    assert re.search(r'init "\$OMS_DB" \\\s+--country "\$OMS_COUNTRY" --language en_US', script)
    assert '--load-language="$OMS_LANG"' in script
    assert '<"$OMS_FIRST_RUN_PY"' in script


def _compose_config_env(extra_env):
    compose = shutil.which("docker-compose")
    if not compose:
        pytest.fail("docker-compose (Debian package) is needed to validate docker-compose.yml")
    result = subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, **extra_env},
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_scale_profile():
    services = _compose_config("--profile", "scale")
    assert set(services) >= SCALE_SERVICES
    # `--profile scale up -d nginx odoo-jobrunner` (docs/SCALING.md) starts the whole layout,
    # and not the single-node service, whose server-wide queue_job would be a 2nd runner
    assert _needed(services, ["nginx", "odoo-jobrunner"]) == SCALE_SERVICES
    # without the profile, none of it starts (`docker-compose config` 1.29 lists
    # every service, so read their profiles)
    for name in SCALE_SERVICES - {"db"}:
        assert services[name]["profiles"] == ["scale", "production"], name
    assert "profiles" not in services["db"]

    webs = [services["odoo-web-1"], services["odoo-web-2"]]
    for web in webs:
        command = web["command"]
        # no job runner in the web nodes: queue_job is not loaded server-wide
        (load,) = [arg for arg in command if arg.startswith("--load=")]
        assert "queue_job" not in load.split("=", 1)[1].split(",")
        # oms_omnichannel (server-wide) imports queue_job: capacity 0 keeps its
        # runner out of the node
        assert web["environment"]["ODOO_QUEUE_JOB_CHANNELS"] == "root:0"
        assert "--db_replica_host=db-replica" in command
        assert "--proxy-mode" in command
        # filestore and sessions (data_dir/sessions) shared by the nodes
        assert any(v.startswith("oms-odoo-data:/var/lib/odoo") for v in web["volumes"])
        assert web["depends_on"]["odoo-init"]["condition"] == "service_completed_successfully"
    assert webs[0]["command"] == webs[1]["command"]

    runner = services["odoo-jobrunner"]
    assert runner["command"][:3] == ["python3", "-m", "odoo.addons.queue_job.jobrunner"]
    assert runner["environment"]["ODOO_QUEUE_JOB_HOST"] == "nginx"
    # queue_job's __main__ reads no command-line options: database and host from
    # the environment, one database only
    assert runner["environment"]["PGDATABASE"] == "oms"
    assert runner["environment"]["PGHOST"] == "db"

    primary, replica = services["db"], services["db-replica"]
    assert "wal_level=replica" in primary["command"]
    assert any("primary-init.sh" in v for v in primary["volumes"])
    assert replica["environment"]["OMS_PRIMARY_HOST"] == "db"
    assert replica["entrypoint"] == ["/usr/local/bin/oms-replica-entrypoint.sh"]
    entrypoint = (ROOT / "docker/postgres/replica-entrypoint.sh").read_text()
    assert "pg_basebackup" in entrypoint and " -R" in entrypoint
    assert "REPLICATION" in (ROOT / "docker/postgres/primary-init.sh").read_text()

    nginx = (ROOT / "docker/nginx.conf").read_text()
    for node in ("odoo-web-1", "odoo-web-2"):
        assert f"server {node}:8069" in nginx
        assert f"server {node}:8072" in nginx
    assert "location /websocket" in nginx
    assert any("nginx.conf" in v for v in services["nginx"]["volumes"])


def _model_of(cls):
    """The model a class defines or extends (``_name``, else a single ``_inherit``)."""
    values = {}
    for node in cls.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in ("_name", "_inherit")
        ):
            value = node.value
            if isinstance(value, ast.List | ast.Tuple) and len(value.elts) == 1:
                value = value.elts[0]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                values[node.targets[0].id] = value.value
    return values.get("_name") or values.get("_inherit")


def _method_files(addon):
    """``{(model, method): {file, ...}}`` of the models of one add-on (tests excluded)."""
    found = {}
    for path in sorted(addon.rglob("*.py")):
        relative = path.relative_to(addon)
        if relative.parts[0] in ("tests", "migrations"):
            continue
        for cls in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(cls, ast.ClassDef):
                continue
            model = _model_of(cls)
            if not model:
                continue
            for node in cls.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    found.setdefault((model, node.name), set()).add(str(relative))
    return found


def _addons():
    return sorted(p.name for p in (ROOT / "addons").iterdir() if (p / "__manifest__.py").is_file())


@pytest.mark.parametrize("name", _addons())
def test_no_method_of_a_model_is_defined_in_two_files(name):
    """Within an add-on, each method of a model is defined once: behaviour must not
    depend on the import order of ``models/__init__.py``. (Another add-on extends a
    method by overriding it and calling ``super()``.)"""
    twice = {
        f"{model}.{method}: {', '.join(sorted(files))}"
        for (model, method), files in _method_files(ROOT / "addons" / name).items()
        if len(files) > 1
    }
    assert not twice, "defined in several files of " + name + ":\n" + "\n".join(sorted(twice))


def test_the_duplicate_check_sees_an_override(tmp_path):
    addon = tmp_path / "oms_demo"
    (addon / "models").mkdir(parents=True)
    for file_name in ("sale_order.py", "sale_order_other.py"):
        (addon / "models" / file_name).write_text(
            "from odoo import models\n\n\n"
            "class SaleOrder(models.Model):\n"
            '    _inherit = ["sale.order"]\n\n'
            "    def action_confirm(self):\n"
            "        return super().action_confirm()\n"
        )
    (addon / "models" / "stock_picking.py").write_text(
        "from odoo import models\n\n\n"
        "class StockPicking(models.Model):\n"
        '    _inherit = "stock.picking"\n\n'
        "    def action_confirm(self):\n"
        "        return super().action_confirm()\n"
    )
    found = _method_files(addon)
    assert found[("sale.order", "action_confirm")] == {
        "models/sale_order.py",
        "models/sale_order_other.py",
    }
    assert found[("stock.picking", "action_confirm")] == {"models/stock_picking.py"}


def test_oms_omnichannel_names_no_purchase_model():
    """Dropship / buy to order live in ``oms_dropship``: the OMS itself reads no model
    or field of the Purchase app (it installs without it)."""
    addon = ROOT / "addons" / "oms_omnichannel"
    words = ("purchase.order", "purchase_line", "purchase_id", "stock_dropshipping", "mrp.")
    hits = [
        f"{path.relative_to(addon)}: {word}"
        for path in sorted(addon.rglob("*"))
        if path.suffix in (".py", ".xml", ".csv", ".js")
        for word in words
        if word in path.read_text()
    ]
    assert not hits, hits


def test_the_order_pipeline_reads_in_one_file():
    """``sale_order_pipeline.py`` is where a newcomer reads the order flow: the only
    ``action_confirm`` of the OMS, a sequence of named steps, each defined there."""
    path = ROOT / "addons/oms_omnichannel/models/sale_order_pipeline.py"
    methods = {
        node.name: node
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef)
    }
    steps = [
        node.func.attr
        for node in ast.walk(methods["action_confirm"])
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr.startswith("_oms_step_")
    ]
    assert steps == [
        "_oms_step_validate",
        "_oms_step_source",
        "_oms_step_confirm",
        "_oms_step_reserve",
        "_oms_step_promise",
        "_oms_step_notify",
    ]
    for step in [*steps, "_oms_process_captured"]:
        assert ast.get_docstring(methods[step]), step
    found = _method_files(ROOT / "addons/oms_omnichannel")
    assert found[("sale.order", "action_confirm")] == {"models/sale_order_pipeline.py"}


@pytest.mark.parametrize("name", ADDONS)
def test_test_packages_import_existing_modules(name):
    """Every test module of an add-on is imported by its ``tests/__init__.py`` (Odoo's
    runner sees only those) and nothing imported there is gone (a moved test would
    break the whole package's collection)."""
    tests = ROOT / "addons" / name / "tests"
    if not (tests / "__init__.py").exists():
        return
    imported = set(re.findall(r"^from \. import (\w+)$", (tests / "__init__.py").read_text(), re.M))
    present = {p.stem for p in tests.glob("test_*.py")}
    # plain-pytest modules of tools/ need no database and are not Odoo tests
    database_tests = {m for m in present if not m.startswith("test_tools_")}
    assert imported <= present, f"imported but missing: {sorted(imported - present)}"
    assert database_tests <= imported, f"not imported: {sorted(database_tests - imported)}"


def test_production_profile_nginx():
    """The production profile is the scale layout; its nginx shields the workers."""
    services = _compose_config("--profile", "production")
    assert _needed(services, ["nginx", "odoo-jobrunner"]) == SCALE_SERVICES
    assert services["nginx"]["sysctls"]["net.core.somaxconn"] in (4096, "4096")
    nginx = (ROOT / "docker/nginx.conf").read_text()
    api = nginx.split("location /oms/api/ {", 1)[1].split("}", 1)[0]
    # bursts queue in nginx (limit_req with a burst), JSON 429/413 for the API
    assert "listen 80 backlog=4096;" in nginx
    assert "limit_req_zone" in nginx and "limit_req zone=oms_api burst=" in api
    assert "client_max_body_size 2m;" in api
    assert "@oms_api_throttled" in api and "@oms_api_too_large" in api
    # slow clients are read and answered by nginx, not by a worker
    for directive in (
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "client_header_timeout",
        "client_body_timeout",
        "send_timeout",
        "proxy_connect_timeout",
    ):
        assert directive in nginx, directive
    websocket = nginx.split("location /websocket {", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://odoo_websocket;" in websocket
    assert "proxy_buffering off;" in websocket
