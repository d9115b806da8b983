# Run by scripts/run inside "odoo-bin shell" (``env`` is given): the first-run
# setup of a new database, then the demo data when OMS_DEMO=1.
# ruff: noqa: F821
import os
import time

started = time.monotonic()
country = os.environ.get("OMS_COUNTRY", "ID")
lang = os.environ.get("OMS_LANG") or False
env.company._oms_first_run_setup(country_code=country, lang_code=lang)
env.cr.commit()
print(f"[oms] first-run setup: {time.monotonic() - started:.0f} s", flush=True)
if os.environ.get("OMS_DEMO") == "1":
    started = time.monotonic()
    # invoices and payments are left to the workflows' job (every minute once Odoo runs)
    result = env["oms.demo.loader"].load(invoice=False)
    env.cr.commit()
    print(f"[oms] demo data: {time.monotonic() - started:.0f} s", flush=True)
    if "skipped" in result:
        print(f"[oms] {result['skipped']}", flush=True)
    else:
        print(f"[oms] demo orders by status: {result['by_status']}", flush=True)
        print(f"[oms] demo timings (s): {result['seconds']}", flush=True)
        print(
            "[oms] API key of the demo integration user (shown once, on every demo channel):\n"
            f"      export OMS_API_KEY={result['api_key']}",
            flush=True,
        )
