"""Fake marketplace platforms: real HTTP servers on 127.0.0.1 for the adapter tests.

Each fake checks signatures with its own code (not the adapter's), so a test
that passes proves the adapter agrees with an independent reading of the
platform's documented rule.
"""
