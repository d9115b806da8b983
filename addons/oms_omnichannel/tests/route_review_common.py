# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers of the route review (docs/SECURITY.md) shared by the add-ons' tests."""

import contextlib
import logging

# what odoo.http logs when a read-only route wrote and had to be served again
# on a read/write cursor (odoo/http.py, Request._serve_db)
RW_RETRY_MESSAGE = "retrying with a read/write cursor"


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        message = record.getMessage()
        if RW_RETRY_MESSAGE in message:
            self.messages.append(message)


@contextlib.contextmanager
def rw_retries():
    """Collect the read-only -> read/write retries Odoo logs while the block runs.

    HttpCase serves read-only routes in a ``SET TRANSACTION READ ONLY`` test
    cursor, like a replica would: a write there is refused by PostgreSQL and Odoo
    retries the request on a read/write cursor, logging a warning. The list
    yielded is filled with those warnings."""
    handler = _Collect()
    logger = logging.getLogger("odoo.http")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
