# Run by scripts/run inside "odoo-bin shell" (``env`` is given): the first-run
# setup of a new database, then the demo data when OMS_DEMO=1.
# ruff: noqa: F821
import os
import time

started = time.monotonic()
country = os.environ.get("OMS_COUNTRY", "ID")
lang = os.environ.get("OMS_LANG", "")
if lang:
    env.company._oms_first_run_setup(country_code=country, lang_code=lang)
else:
    env.company._oms_first_run_setup(country_code=country, lang_code=False)
env.cr.commit()
print(f"[oms] first-run setup: {time.monotonic() - started:.0f} s", flush=True)
if os.environ.get("OMS_DEMO") == "1":
    started = time.monotonic()
    result = env["oms.demo.loader"].load()
    env.cr.commit()
    print(f"[oms] demo data: {time.monotonic() - started:.0f} s; {result}", flush=True)
