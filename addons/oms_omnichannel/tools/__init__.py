"""Plain-Python algorithms of the OMS (no Odoo import): see each module."""
