# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Strict parsing of the JSON bodies of the OMS API.

``json.loads`` as such accepts ``NaN`` and ``Infinity`` (not JSON), turns ``1e400``
into ``inf`` and recurses once per nesting level (200,000 ``[`` exhaust the stack).
:func:`loads` refuses the first, keeps the second for the validation to report on its
field (see ``capture_schema.validate``), and bounds the nesting.
"""

import json
import math

# the deepest capture document (a batch of orders with addresses) is 5 levels deep
MAX_DEPTH = 32


class JsonBodyError(ValueError):
    """A body refused before validation: ``code`` is the API's error code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _refuse_constant(name):
    raise JsonBodyError(
        "validation_error",
        f"{name} is not a JSON number: numbers must be finite.",
    )


def _parse_int(text):
    # Python refuses integers of more than 4300 digits with a ValueError; keep
    # the others (the validation bounds them) and refuse the giant ones alike
    if len(text) > 400:
        return math.inf if not text.startswith("-") else -math.inf
    return int(text)


def depth(value):
    """Nesting depth of a parsed document (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def loads(body, max_depth=MAX_DEPTH):
    """The document of a JSON body (bytes or text); raise :class:`JsonBodyError`.

    ``invalid_json`` for what is not JSON or nests deeper than ``max_depth``,
    ``validation_error`` for NaN and Infinity. Numbers too large for a float
    (``1e400``) are kept as infinities for the validation to report.
    """
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonBodyError("invalid_json", f"The body is not UTF-8: {exc}") from exc
    try:
        document = json.loads(body, parse_constant=_refuse_constant, parse_int=_parse_int)
    except RecursionError as exc:
        raise JsonBodyError(
            "invalid_json", f"The body nests deeper than {max_depth} levels."
        ) from exc
    except JsonBodyError:
        raise
    except ValueError as exc:
        raise JsonBodyError("invalid_json", f"The body is not valid JSON: {exc}") from exc
    if depth(document) > max_depth:
        raise JsonBodyError("invalid_json", f"The body nests deeper than {max_depth} levels.")
    return document
