# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The capture payload: its JSON Schema, validation, fingerprint and OpenAPI document.

One schema serves both the validation of incoming orders (``jsonschema``) and the
published OpenAPI document, so what the documentation says is what the code accepts.
"""

import copy
import hashlib
import json
import math
import re
from datetime import UTC, datetime

from jsonschema import Draft202012Validator, FormatChecker

API_PREFIX = "/oms/api/v1"
MAX_BODY_BYTES = 1024 * 1024
MAX_BATCH_ORDERS = 100
MAX_LINES = 500
# Bounds of the numbers of a payload: far above any real order, far below what
# rounding to a currency or unit precision (float_round) can handle.
MAX_QUANTITY = 1_000_000
MAX_AMOUNT = 1_000_000_000_000
# order dates: a date outside these is a client's bug (or an attack on the time zone
# arithmetic: 0001-01-01T00:00:00+01:00 is before the first representable instant)
MIN_ORDER_DATE = datetime(1970, 1, 1)
MAX_ORDER_DATE = datetime(2100, 12, 31, 23, 59, 59)
# a lone UTF-16 surrogate: what "\\ud800" decodes to in a JSON string (not UTF-8)
_SURROGATE = re.compile("[\ud800-\udfff]")

PAYMENT_METHODS = ["prepaid", "bank_transfer", "ewallet", "card", "cod"]
PAYMENT_STATUSES = ["paid", "pending", "unpaid"]
# where a shipment / line comes from (sale_order_dropship.py)
SUPPLY_SOURCES = ["stock", "dropship", "buy", "manufacture"]

# The OMS statuses are the selection of ``sale.order.oms_status`` (add-ons extend it):
# this module holds no copy of them. ``definitions(oms_statuses)`` and
# ``openapi_document(oms_statuses=...)`` publish the list the caller read from the model.
_OMS_STATUS = {
    "type": "string",
    "description": "OMS status of the order (the selection of the OMS Status field).",
}

_NULLABLE_STRING = {"type": ["string", "null"], "maxLength": 256}

ADDRESS_SCHEMA = {
    "type": "object",
    "description": "A postal address. `state` is a province name or code of the country.",
    "additionalProperties": False,
    "required": ["name", "street", "city", "country"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 256},
        "street": {"type": "string", "minLength": 1, "maxLength": 256},
        "street2": _NULLABLE_STRING,
        "city": {"type": "string", "minLength": 1, "maxLength": 128},
        "state": _NULLABLE_STRING,
        "zip": {"type": ["string", "null"], "maxLength": 16},
        "country": {
            "type": "string",
            "pattern": "^[A-Za-z]{2}$",
            "description": "ISO 3166-1 alpha-2 code, e.g. ID.",
        },
        "phone": {"type": ["string", "null"], "maxLength": 64},
        "latitude": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
        "longitude": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
    },
}

LINE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sku", "quantity", "unit_price"],
    "properties": {
        "sku": {"type": "string", "minLength": 1, "maxLength": 128},
        "quantity": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_QUANTITY},
        "unit_price": {"type": "number", "minimum": 0, "maximum": MAX_AMOUNT},
        "discount": {"type": "number", "minimum": 0, "maximum": 100, "default": 0},
    },
}

ORDER_SCHEMA = {
    "type": "object",
    "title": "Captured order",
    "additionalProperties": False,
    "required": ["channel", "external_ref", "customer", "lines", "payment"],
    "properties": {
        "channel": {"type": "string", "minLength": 1, "maxLength": 64},
        "external_ref": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "pattern": "^[^/]+$",
            "description": "The order number in the channel; unique per channel. Blanks "
            "around it (spaces, tabs, line breaks) are dropped: the order is stored, "
            "answered and found under the stripped reference.",
        },
        "order_date": {
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601 date and time, between 1970 and 2100.",
        },
        "customer": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 256},
                "email": {"type": ["string", "null"], "format": "email", "maxLength": 254},
                "phone": {"type": ["string", "null"], "maxLength": 64},
            },
        },
        "shipping_address": {"$ref": "#/$defs/Address"},
        "billing_address": {"$ref": "#/$defs/Address"},
        "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_LINES,
            "items": {"$ref": "#/$defs/OrderLine"},
        },
        "shipping": {
            "type": "object",
            "additionalProperties": False,
            "required": ["fee", "carrier"],
            "properties": {
                "fee": {"type": "number", "minimum": 0, "maximum": MAX_AMOUNT},
                "carrier": {
                    "type": "string",
                    "minLength": 1,
                    "description": "OMS code of the carrier: jne, jnt, sicepat, anteraja, own.",
                },
                "service_level": {
                    "type": ["string", "null"],
                    "description": "regular, express or same_day; default: the channel's.",
                },
            },
        },
        "pickup": {
            "type": "object",
            "additionalProperties": False,
            "required": ["store"],
            "description": "Click-and-collect: the customer collects the order in this store "
            "(no shipping, no shipping fee); told by e-mail when it is ready.",
            "properties": {
                "store": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 64,
                    "description": "Short name (code) of a warehouse marked as a store.",
                },
            },
        },
        "payment": {
            "type": "object",
            "additionalProperties": False,
            "required": ["method", "status"],
            "properties": {
                "method": {"enum": PAYMENT_METHODS},
                "status": {"enum": PAYMENT_STATUSES},
                "amount": {"type": "number", "minimum": 0, "maximum": MAX_AMOUNT},
            },
        },
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "notes": {"type": ["string", "null"], "maxLength": 4000},
    },
}

BATCH_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["orders"],
    "properties": {
        "orders": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_BATCH_ORDERS,
            "description": "Orders, each validated and captured on its own.",
            "items": {"type": "object"},
        }
    },
}

ADDRESS_CHANGE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["shipping_address"],
    "properties": {"shipping_address": {"$ref": "#/$defs/Address"}},
}

REORDER_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["external_ref"],
    "properties": {
        "external_ref": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "pattern": "^[^/]+$",
            "description": "The reference of the new order in the channel; the same body "
            "again returns the same order. Blanks around it are dropped, as in a capture.",
        },
    },
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "enum": [
                        "invalid_json",
                        "unauthorized",
                        "forbidden",
                        "not_found",
                        "method_not_allowed",
                        "conflict",
                        "payload_too_large",
                        "validation_error",
                    ]
                },
                "message": {"type": "string"},
                "fields": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {
                            "field": {"type": "string", "examples": ["lines[0].quantity"]},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}

PICKUP_STATUS_SCHEMA = {
    "type": ["object", "null"],
    "description": "Click-and-collect orders: where and from when the customer collects "
    "(null for shipped orders).",
    "properties": {
        "store": {"type": "string"},
        "store_name": {"type": "string"},
        "state": {"enum": ["waiting", "ready", "collected", "no_show", None]},
        "date": {"type": ["string", "null"], "format": "date"},
        "collect_before": {"type": ["string", "null"]},
    },
}

ORDER_RESULT_SCHEMA = {
    "type": "object",
    "required": ["id", "name", "channel", "external_ref", "oms_status", "created"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "channel": {"type": "string"},
        "external_ref": {"type": "string"},
        "oms_status": _OMS_STATUS,
        "created": {"type": "boolean", "description": "false: an identical replay."},
        "pickup": PICKUP_STATUS_SCHEMA,
        "sourcing": {"enum": ["single", "split", "partial", "none", None]},
        "promised_ship_date": {"type": ["string", "null"], "format": "date"},
        "promised_delivery": {
            "type": ["object", "null"],
            "properties": {
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
            },
        },
    },
}

ORDER_STATUS_SCHEMA = {
    "type": "object",
    "required": ["id", "name", "channel", "external_ref", "oms_status", "state", "lines"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "channel": {"type": "string"},
        "external_ref": {"type": "string"},
        "oms_status": _OMS_STATUS,
        "state": {"type": "string", "description": "Odoo state of the sale order."},
        "holds": {"type": "array", "items": {"type": "string"}},
        "carriers": {"type": ["string", "null"]},
        "tracking_refs": {"type": "array", "items": {"type": "string"}},
        "tracking_url": {"type": ["string", "null"]},
        "amount_total": {"type": "number"},
        "currency": {"type": "string"},
        "payment_method": {
            "enum": ["prepaid", "bank_transfer", "ewallet", "card", "cod", None],
        },
        "cod_status": {
            "enum": ["unpaid", "collected", "paid", None],
            "description": "Cash-on-delivery orders only (else null): unpaid (not delivered "
            "yet), collected (delivered, the courier holds the cash until its remittance), "
            "paid (the courier's remittance is registered on the invoice).",
        },
        "sourcing": {"enum": ["single", "split", "partial", "none", None]},
        "promised_ship_date": {"type": ["string", "null"], "format": "date"},
        "promised_delivery": {
            "type": ["object", "null"],
            "properties": {
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
            },
        },
        "pickup": PICKUP_STATUS_SCHEMA,
        "shipments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "warehouse": {"type": ["string", "null"]},
                    "reference": {"type": "string"},
                    "state": {"type": "string"},
                    "carrier": {"type": ["string", "null"]},
                    "tracking_ref": {"type": ["string", "null"]},
                    "tracking_url": {"type": ["string", "null"]},
                    "delivered_on": {"type": ["string", "null"]},
                    "supply": {
                        "enum": SUPPLY_SOURCES,
                        "description": "stock: shipped by our warehouse; dropship: by the "
                        "vendor; buy/manufacture: our delivery of goods bought/made to order.",
                    },
                },
            },
        },
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "sku": {"type": ["string", "null"]},
                    "name": {"type": "string"},
                    "quantity": {"type": "number"},
                    "delivered": {"type": "number"},
                    "unit_price": {"type": "number"},
                    "discount": {"type": "number"},
                    "warehouse": {"type": ["string", "null"]},
                    "supply": {"enum": SUPPLY_SOURCES},
                    "supply_status": {
                        "enum": [
                            "to_order",
                            "rfq",
                            "ordered",
                            "in_production",
                            "received",
                            "shipped",
                            None,
                        ],
                        "description": "Progress of a vendor line (null for stock lines).",
                    },
                },
            },
        },
    },
}

BATCH_RESULT_SCHEMA = {
    "type": "object",
    "required": ["results"],
    "properties": {
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["index", "status"],
                "description": "The result (201/200) or the error (403/409/422) of one order.",
                "properties": {
                    "index": {"type": "integer"},
                    "status": {"enum": [200, 201, 403, 409, 422]},
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "created": {"type": "boolean"},
                    "error": {"$ref": "#/$defs/Error/properties/error"},
                },
            },
        }
    },
}

ATP_RESULT_SCHEMA = {
    "type": "object",
    "required": ["channel", "items", "unknown_skus"],
    "properties": {
        "channel": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["sku", "atp", "warehouses"],
                "properties": {
                    "sku": {"type": "string"},
                    "atp": {"type": "number", "minimum": 0},
                    "warehouses": {
                        "type": "object",
                        "additionalProperties": {"type": "number", "minimum": 0},
                    },
                },
            },
        },
        "unknown_skus": {"type": "array", "items": {"type": "string"}},
    },
}

MAX_ATP_SKUS = 500

DEFINITIONS = {
    "AtpResult": ATP_RESULT_SCHEMA,
    "Address": ADDRESS_SCHEMA,
    "OrderLine": LINE_SCHEMA,
    "OrderPayload": ORDER_SCHEMA,
    "BatchRequest": BATCH_SCHEMA,
    "AddressChange": ADDRESS_CHANGE_SCHEMA,
    "ReorderRequest": REORDER_SCHEMA,
    "Error": ERROR_SCHEMA,
    "OrderResult": ORDER_RESULT_SCHEMA,
    "OrderStatus": ORDER_STATUS_SCHEMA,
    "BatchResult": BATCH_RESULT_SCHEMA,
}


def definitions(oms_statuses=None):
    """``DEFINITIONS`` with ``oms_status`` restricted to ``oms_statuses`` (an enum) when given.

    The statuses come from the model (``sale.order``'s ``oms_status`` selection), so the
    published contract follows the add-ons that are installed.
    """
    schemas = copy.deepcopy(DEFINITIONS)
    if oms_statuses is not None:
        for name in ("OrderResult", "OrderStatus"):
            schemas[name]["properties"]["oms_status"]["enum"] = list(oms_statuses)
    return schemas


_FORMAT_CHECKER = FormatChecker(formats=())
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@_FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _check_date_time(value):
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value)
    if "T" not in value.upper() and " " not in value:
        raise ValueError("a date and a time are required")
    if parsed.tzinfo:
        try:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        except OverflowError as exc:
            raise ValueError("out of range") from exc
    if not MIN_ORDER_DATE <= parsed <= MAX_ORDER_DATE:
        raise ValueError("out of range")
    return True


@_FORMAT_CHECKER.checks("email")
def _check_email(value):
    return not isinstance(value, str) or bool(_EMAIL_RE.match(value))


def _schema_with_defs(name):
    schema = dict(DEFINITIONS[name])
    schema["$defs"] = DEFINITIONS
    return schema


_VALIDATORS = {
    name: Draft202012Validator(_schema_with_defs(name), format_checker=_FORMAT_CHECKER)
    for name in ("OrderPayload", "BatchRequest", "AddressChange", "ReorderRequest")
}


def _field_path(path):
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _error_message(error):
    validator = error.validator
    if validator == "required":
        return "This field is required."
    if validator == "additionalProperties":
        return "Unknown field."
    if validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"Must be of type {expected}."
    if validator == "exclusiveMinimum":
        return f"Must be greater than {error.validator_value}."
    if validator == "minimum":
        return f"Must be at least {error.validator_value}."
    if validator == "maximum":
        return f"Must be at most {error.validator_value}."
    if validator == "enum":
        return "Must be one of: {}.".format(", ".join(map(str, error.validator_value)))
    if validator == "format":
        if error.validator_value == "date-time":
            return "Not a valid date-time (ISO 8601, between 1970 and 2100)."
        return f"Not a valid {error.validator_value}."
    if validator in ("minLength", "minItems"):
        return "Must not be empty."
    if validator in ("maxLength", "maxItems"):
        return f"Too long (at most {error.validator_value})."
    return error.message


def _error_fields(error):
    """Field names an error is about: the missing or unknown keys themselves."""
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in (error.instance or {})]
        return [_field_path([*path, key]) for key in missing]
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(key for key in error.instance if key not in allowed)
        return [_field_path([*path, key]) for key in extra]
    return [_field_path(path) or "(body)"]


def validate(data, schema_name="OrderPayload"):
    """Return the list of ``{"field", "message"}`` problems of ``data``; empty if valid."""
    problems = []
    seen = set()
    errors = sorted(
        _VALIDATORS[schema_name].iter_errors(data),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    for error in errors:
        message = _error_message(error)
        for field in _error_fields(error):
            if (field, message) not in seen:
                seen.add((field, message))
                problems.append({"field": field, "message": message})
    if schema_name != "BatchRequest":  # a batch's orders are checked one by one
        problems += _nul_characters(data)
        problems += [
            {"field": field, "message": "Must be a finite number."}
            for field in non_finite_numbers(data)
        ]
    return problems


def non_finite_numbers(value):
    """Paths (``lines[0].quantity``) of the numbers of ``value`` that are not finite.

    NaN passes every ``minimum``/``maximum`` of a schema (it compares false to
    everything), so it is looked for explicitly; integers beyond a float count too.
    """
    found = []
    stack = [(value, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, bool):
            continue
        if isinstance(node, float):
            if not math.isfinite(node):
                found.append(where or "(body)")
        elif isinstance(node, int):
            if abs(node) > 1e300:
                found.append(where or "(body)")
        elif isinstance(node, dict):
            stack.extend(
                (item, f"{where}.{key}" if where else str(key)) for key, item in node.items()
            )
        elif isinstance(node, list):
            stack.extend((item, f"{where}[{index}]") for index, item in enumerate(node))
    return sorted(found)


def nul_characters(value):
    """``{"field", "message"}`` problems of the strings of ``value`` that PostgreSQL
    cannot store: a NUL character, or a lone UTF-16 surrogate (``"\\ud800"`` in a
    JSON text; not UTF-8, it cannot be written back in a JSON answer either)."""
    return _nul_characters(value)


def _nul_characters(value, path=""):
    """Problems for the strings holding a NUL character or a lone surrogate."""
    if isinstance(value, str):
        if "\x00" in value:
            message = "NUL characters are not allowed."
        elif _SURROGATE.search(value):
            message = "Not valid Unicode: a lone surrogate (\\ud800-\\udfff)."
        else:
            return []
        return [{"field": _printable(path) or "$", "message": message}]
    if isinstance(value, dict):
        items = ((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    else:
        return []
    return [problem for key, item in items for problem in _nul_characters(item, key)]


def _printable(path):
    """A field path that can be written in a JSON answer (a key may hold a surrogate)."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8")


# ---------------------------------------------------------------------------
# Fingerprint: content identity of a payload
# ---------------------------------------------------------------------------


def canonicalize(value):
    """Canonical form: ``null`` members dropped, integral floats as integers."""
    if isinstance(value, dict):
        return {key: canonicalize(val) for key, val in value.items() if val is not None}
    if isinstance(value, list):
        return [canonicalize(val) for val in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _digest(value, size=64):
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:size]


def fingerprint(payload):
    """Return the fingerprint of a payload.

    ``<sha256 of the canonical payload> <part>=<short hash> ...``: the first hash decides
    identity, the per-part hashes (top-level members, each line) say what changed.
    """
    data = canonicalize(payload)
    parts = []
    for key in sorted(data):
        if key == "lines" and isinstance(data[key], list):
            parts.append(f"lines#={len(data[key])}")
            parts.extend(f"lines[{i}]={_digest(line, 10)}" for i, line in enumerate(data[key]))
        else:
            parts.append(f"{key}={_digest(data[key], 10)}")
    return " ".join([_digest(data), *parts])


def fingerprint_diff(old, new):
    """Names of the payload parts that differ between two fingerprints."""

    def parse(value):
        items = (value or "").split(" ")[1:]
        return dict(item.split("=", 1) for item in items if "=" in item)

    before, after = parse(old), parse(new)
    changed = [key for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]
    if "lines#" in changed:
        changed = [key for key in changed if not key.startswith("lines[")]
        changed[changed.index("lines#")] = "lines"
    return changed


# ---------------------------------------------------------------------------
# OpenAPI
# ---------------------------------------------------------------------------


def _to_components(schema):
    """Deep copy of ``schema`` with ``#/$defs/X`` references rewritten for OpenAPI."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                node["$ref"] = "#/components/schemas/" + ref[len("#/$defs/") :]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def _json_body(name):
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def _response(description, name):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def _errors(*codes):
    descriptions = {
        "400": "Malformed JSON.",
        "401": "Missing or invalid API key.",
        "403": "The key's user may not post to this channel.",
        "404": "Unknown channel or order.",
        "409": "Conflict: other content for the same reference, or not allowed any more.",
        "413": "Body larger than 1 MB, or more orders than a batch allows.",
        "422": "Validation error, one entry per field.",
    }
    return {code: _response(descriptions[code], "Error") for code in codes}


def openapi_document(server_url=None, oms_statuses=None):
    """Return the OpenAPI 3.1 document of the capture API.

    :param oms_statuses: the values of ``sale.order``'s ``oms_status`` selection, published
        as the enum of ``oms_status`` in the answers (the controller reads them from the model)
    """
    order_params = [
        {"name": "channel_code", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "external_ref", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    paths = {
        f"{API_PREFIX}/orders": {
            "post": {
                "operationId": "captureOrder",
                "summary": "Capture one order (idempotent per channel and external_ref)",
                "requestBody": _json_body("OrderPayload"),
                "responses": {
                    "201": _response("Order created.", "OrderResult"),
                    "200": _response("Identical replay: the existing order.", "OrderResult"),
                    **_errors("400", "401", "403", "409", "413", "422"),
                },
            }
        },
        f"{API_PREFIX}/orders/batch": {
            "post": {
                "operationId": "captureOrders",
                "summary": f"Capture up to {MAX_BATCH_ORDERS} orders, each on its own",
                "requestBody": _json_body("BatchRequest"),
                "responses": {
                    "200": _response("One result per order, in order.", "BatchResult"),
                    **_errors("400", "401", "413", "422"),
                },
            }
        },
        f"{API_PREFIX}/orders/{{channel_code}}/{{external_ref}}": {
            "get": {
                "operationId": "getOrderStatus",
                "summary": "Status, lines, holds and tracking of an order",
                "parameters": order_params,
                "responses": {
                    "200": _response("The order.", "OrderStatus"),
                    **_errors("401", "403", "404"),
                },
            }
        },
        f"{API_PREFIX}/orders/{{channel_code}}/{{external_ref}}/cancel": {
            "post": {
                "operationId": "cancelOrder",
                "summary": "Cancel an order that has not shipped",
                "parameters": order_params,
                "requestBody": {
                    "required": False,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"reason": {"type": "string", "maxLength": 256}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": _response("The cancelled order.", "OrderStatus"),
                    **_errors("401", "403", "404", "409"),
                },
            }
        },
        f"{API_PREFIX}/orders/{{channel_code}}/{{external_ref}}/address": {
            "post": {
                "operationId": "changeShippingAddress",
                "summary": "Change the shipping address of an order that has not shipped",
                "parameters": order_params,
                "requestBody": _json_body("AddressChange"),
                "responses": {
                    "200": _response("The order with its new address.", "OrderStatus"),
                    **_errors("400", "401", "403", "404", "409", "413", "422"),
                },
            }
        },
        f"{API_PREFIX}/orders/{{channel_code}}/{{external_ref}}/reorder": {
            "post": {
                "operationId": "reorder",
                "summary": "Place an order again (same customer, addresses and lines, prices "
                "of the day, unpaid) under a new external_ref, through the validation rules",
                "parameters": order_params,
                "requestBody": _json_body("ReorderRequest"),
                "responses": {
                    "201": _response("The new order.", "OrderResult"),
                    "200": _response("Same request again: the same order.", "OrderResult"),
                    **_errors("400", "401", "403", "404", "409", "413", "422"),
                },
            }
        },
        f"{API_PREFIX}/atp": {
            "get": {
                "operationId": "getAvailableToPromise",
                "summary": "Available to promise of products for a channel (share and buffer "
                "applied), in total and per warehouse code",
                "parameters": [
                    {
                        "name": "channel",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "skus",
                        "in": "query",
                        "required": True,
                        "description": f"Comma-separated SKUs, at most {MAX_ATP_SKUS}.",
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {
                    "200": _response("ATP per SKU.", "AtpResult"),
                    **_errors("401", "403", "404", "422"),
                },
            }
        },
        f"{API_PREFIX}/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "The OpenAPI document."}},
            }
        },
    }
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "OMS Capture API",
            "version": "1.0.0",
            "description": "Capture orders of every channel into the Odoo OMS. Authenticate "
            "with an Odoo API key of a user listed in the channel's API Users.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {
            "schemas": {
                name: _to_components(schema) for name, schema in definitions(oms_statuses).items()
            },
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An Odoo API key (Preferences > Account Security).",
                }
            },
        },
        "security": [{"bearer": []}],
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
