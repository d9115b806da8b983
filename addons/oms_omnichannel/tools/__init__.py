# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain-Python algorithms and helpers of the OMS (no ``odoo`` import): testable
without a database."""
