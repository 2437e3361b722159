"""Remove personal details from what residents type before it is stored.

Well-kept libraries do the recognising where they fit: Google's
libphonenumber port (`phonenumbers`) finds phone numbers, and Presidio's
pattern recognisers find emails, payment cards (with the Luhn check),
National Insurance and NHS numbers. UK postcodes, vehicle registrations,
long digit runs have no such library and use the patterns below; street
addresses and people's names have modules of their own (addresses.py,
names.py).

Each finding is replaced by a placeholder such as `[PHONE]`, so stored
conversations still read naturally and the redaction is idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Tuple

import phonenumbers
from presidio_analyzer import PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    UkNinoRecognizer,
)
from presidio_analyzer.predefined_recognizers.country_specific.uk.uk_nhs_recognizer import (
    NhsRecognizer,
)

from bot.contract import PASTED_TEXT
from bot.privacy.addresses import address_spans
from bot.privacy.names import name_spans


class _OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email patterns without the top-level-domain check.

    The check uses `tldextract`, which tries to download the public suffix
    list at run time; the service runs offline, and an address with an
    unusual domain is still personal data.
    """

    def validate_result(self, pattern_text: str) -> bool | None:
        return None


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    label: str


_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-HJKPSTUW0-9]?\s{0,2}[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# Current (AB12 CDE, any case), prefix (A123 BCD) and suffix (ABC 123D) plates.
_VEHICLE_REG = [
    re.compile(r"\b[A-Z]{2}[0-9]{2} ?[A-Z]{3}\b", re.IGNORECASE),
    re.compile(r"\b[A-HJ-NP-TV-Y][0-9]{1,3} ?[A-HJ-PR-Y][A-HJ-PR-Z]{2}\b"),
    re.compile(r"\b[A-HJ-PR-Y][A-HJ-PR-Z]{2} ?[0-9]{1,3}[A-HJ-NP-TV-Y]\b"),
]
# National Insurance numbers in any prefix, including ones HMRC never issues
# (Presidio's recogniser only knows the issued prefixes), and bank sort codes.
_NI_NUMBER = re.compile(r"\b[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b", re.IGNORECASE)
_SORT_CODE = re.compile(r"(?<![0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}(?![0-9])")
# Any other long run of digits (account numbers, card numbers that fail the
# Luhn check, reference numbers): eight or more digits with spaces or dashes.
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9](?:[ \-]?[0-9]){7,}(?![0-9])")


@lru_cache(maxsize=1)
def _recognizers() -> Tuple[Tuple[PatternRecognizer, str], ...]:
    return (
        (_OfflineEmailRecognizer(), "EMAIL"),
        (CreditCardRecognizer(), "CARD"),
        (UkNinoRecognizer(), "NI_NUMBER"),
        (NhsRecognizer(), "NHS_NUMBER"),
    )


def _phone_findings(text: str) -> Iterable[Finding]:
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        if sum(ch.isdigit() for ch in match.raw_string) >= 7:
            yield Finding(match.start, match.end, "PHONE")


def _presidio_findings(text: str) -> Iterable[Finding]:
    for recognizer, label in _recognizers():
        for result in recognizer.analyze(text, recognizer.supported_entities):
            yield Finding(result.start, result.end, label)


def _pattern_findings(text: str) -> Iterable[Finding]:
    for match in _POSTCODE.finditer(text):
        yield Finding(match.start(), match.end(), "POSTCODE")
    for pattern in _VEHICLE_REG:
        for match in pattern.finditer(text):
            yield Finding(match.start(), match.end(), "VEHICLE_REG")
    for match in _NI_NUMBER.finditer(text):
        yield Finding(match.start(), match.end(), "NI_NUMBER")
    for match in _SORT_CODE.finditer(text):
        yield Finding(match.start(), match.end(), "NUMBER")
    for match in _DIGIT_RUN.finditer(text):
        yield Finding(match.start(), match.end(), "NUMBER")


def _name_and_address_findings(text: str) -> Iterable[Finding]:
    for start, end in address_spans(text):
        yield Finding(start, end, "ADDRESS")
    for start, end in name_spans(text):
        yield Finding(start, end, "NAME")


def findings(text: str) -> List[Finding]:
    """Every personal detail found in `text`, overlapping spans merged."""
    found = [
        *_phone_findings(text),
        *_presidio_findings(text),
        *_pattern_findings(text),
        *_name_and_address_findings(text),
    ]
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    merged: List[Finding] = []
    for finding in found:
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            if finding.end > last.end:
                merged[-1] = Finding(last.start, finding.end, last.label)
            continue
        merged.append(finding)
    return merged


def redact(text: str) -> str:
    """`text` with personal details replaced by placeholders like `[PHONE]`."""
    if not text:
        return text
    pieces: List[str] = []
    cursor = 0
    for finding in findings(text):
        pieces.append(text[cursor : finding.start])
        pieces.append(f"[{finding.label}]")
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def redact_value(value: Any) -> Any:
    """Redact every string inside a JSON-like value."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    return value


# Keys of an event that are ours, not the resident's: never rewritten.
SCAM_CHECK_REPLY = "utter_scam_check"
_STRUCTURAL_KEYS = ("event", "timestamp", "input_channel", "message_id", "name", "policy")


def _without(value: Any, key: str) -> Any:
    """A copy of `value` with `key` dropped from every mapping in it."""
    if isinstance(value, dict):
        return {k: _without(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [_without(v, key) for v in value]
    return value


def redact_event(data: Dict[str, Any]) -> Dict[str, Any]:
    """A copy of one serialised event with every string a resident could
    have written (text, parse data, entities, metadata, slot values) redacted.
    A message pasted for the scam check is dropped whole, and the check's
    reply keeps only the names of the red flags (it quotes the message)."""
    kind = data.get("event")
    if kind == "bot" and (data.get("metadata") or {}).get("utter_action") == SCAM_CHECK_REPLY:
        flags = [str(f.get("sign")) for f in (data["metadata"].get("flags") or []) if isinstance(f, dict)]
        return {
            **data,
            "text": f"[scam check: {', '.join(flags) or 'no red flags'}]",
            "metadata": {**data["metadata"], "flags": flags},
        }
    if kind not in ("user", "slot", "entities", "user_featurization"):
        return data
    data = _without(data, PASTED_TEXT)
    return {key: value if key in _STRUCTURAL_KEYS else redact_value(value) for key, value in data.items()}
