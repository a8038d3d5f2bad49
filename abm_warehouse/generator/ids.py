"""Identifier factories.

Every id is a string that can never be read as a number (agate, pandas and spreadsheets strip
leading zeros from numeric-looking text): Salesforce-style 18-character ids always contain
`5g` and a 3-letter checksum, the other ids carry a letter prefix. Numbers are scrambled by a
bijection so that consecutive records do not get consecutive-looking ids, yet stay unique.
"""

from __future__ import annotations

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SF_CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_SF_SPACE = 62**5

SALESFORCE_PREFIXES: dict[str, str] = {
    "account": "001",
    "contact": "003",
    "opportunity": "006",
    "user": "005",
    "lead": "00Q",
    "task": "00T",
    "event": "00U",
    "campaign": "701",
    "campaign_member": "00v",
    "opportunity_history": "008",
    "opportunity_contact_role": "00K",
}


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, 62)
        digits.append(_BASE62[remainder])
    return "".join(reversed(digits))


def _golden_multiplier(space: int) -> int:
    """An odd multiplier near space / golden ratio that is coprime with 62**k (no factor 31)."""
    multiplier = int(space * 0.6180339887498949) | 1
    while multiplier % 31 == 0:
        multiplier += 2
    return multiplier


def _scramble(number: int, offset: int, space: int) -> int:
    """A bijection of [0, space): consecutive numbers land far apart."""
    return (number * _golden_multiplier(space) + offset) % space


def salesforce_id(kind: str, number: int) -> str:
    """18-character Salesforce-style id of the `number`-th record of object `kind`.

    Layout: 3-character key prefix, pod `5g`, five zeros, 5 base62 characters, and the
    3-character case-safety checksum Salesforce appends to 15-character ids.
    """
    prefix = SALESFORCE_PREFIXES[kind]
    offset = sum(ord(c) for c in kind) * 7_654_321
    body = prefix + "5g00000" + _base62(_scramble(number, offset, _SF_SPACE), 5)
    checksum = ""
    for chunk_start in range(0, 15, 5):
        bits = sum(1 << i for i, c in enumerate(body[chunk_start : chunk_start + 5]) if c.isupper())
        checksum += _SF_CHECKSUM_ALPHABET[bits]
    return body + checksum


def prefixed_id(prefix: str, number: int, width: int = 10) -> str:
    """Short opaque id like `ev_3fA9kQ0b1Z`: `prefix_` + scrambled base62 of `number`."""
    space = 62**width
    return f"{prefix}_{_base62(_scramble(number, 982_451_653, space), width)}"
