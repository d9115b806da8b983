# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Strict parsing of the JSON bodies of the OMS API.

``json.loads`` as such accepts ``NaN`` and ``Infinity`` (not JSON), turns ``1e400``
into ``inf``, recurses once per nesting level (200,000 ``[`` exhaust the stack) and
decodes ``"\\ud800"`` into a lone UTF-16 surrogate, a string that cannot be encoded in
UTF-8 (neither stored by PostgreSQL nor written back in a JSON answer). :func:`loads`
refuses the first and the last, keeps the second for the validation to report on its
field (see ``capture_schema.validate``), and bounds the nesting.
"""

import json
import math
import re

# the deepest capture document (a batch of orders with addresses) is 5 levels deep
MAX_DEPTH = 32
# what "\\ud800"..."\\udfff" decode to when they are not a pair (a pair is one character)
SURROGATE = re.compile("[\ud800-\udfff]")


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


def has_surrogate(value):
    """True when a string of ``value`` (a key or a value, at any depth) holds a lone
    surrogate; without recursion."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if SURROGATE.search(node):
                return True
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def loads(body, max_depth=MAX_DEPTH):
    """The document of a JSON body (bytes or text); raise :class:`JsonBodyError`.

    ``invalid_json`` for what is not JSON, nests deeper than ``max_depth`` or holds
    a lone surrogate (``"\\ud800"``), ``validation_error`` for NaN and Infinity.
    Numbers too large for a float (``1e400``) are kept as infinities for the
    validation to report.
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
    if has_surrogate(document):
        raise JsonBodyError(
            "invalid_json",
            "The body is not valid Unicode: a string holds a lone surrogate (\\ud800-\\udfff).",
        )
    return document
