"""Links and phone numbers in a message, and what is odd about them:
shorteners, lookalike domains, links that are not the named organisation's
own, premium-rate, personal (070) and international numbers.

Domains are read with tldextract's bundled Public Suffix List (never fetched)
and lookalike letters with confusable-homoglyphs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, List, Mapping, Sequence, Tuple

import phonenumbers
import tldextract
from confusable_homoglyphs import confusables

# The bundled suffix list only: no network, no cache written at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

SHORTENERS = frozenset(
    "bit.ly tinyurl.com t.co goo.gl ow.ly is.gd buff.ly cutt.ly rebrand.ly shorturl.at rb.gy t.ly "
    "tiny.cc s.id shorturl.com bl.ink lnkd.in tr.im v.gd qr.net short.io".split()
)
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+"
    r"|\b(?:[\w\u00a0-\uffff-]+\.)+(?:[a-z]{2,24})(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
_IP_LINK = re.compile(r"\bhttps?://\d{1,3}(?:\.\d{1,3}){3}\b")
# Letters and digits often swapped in lookalike domains.
_SWAPS = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s", "@": "a"})


@dataclass(frozen=True)
class Link:
    text: str  # as written
    host: str  # lower case, no port
    registrable: str  # e.g. royalmail.com; the host itself for an IP address
    email: bool = False  # the domain of an email address, not a page

    @property
    def descriptor(self) -> bool:
        """A shop's name as a bank statement writes it (ZARA.COM, APPLE.COM/BILL),
        not a link to follow."""
        bare = not re.match(r"(?:https?://|www\.)", self.text, re.IGNORECASE)
        return bare and self.text.split("/")[0].isupper()


def links(text: str) -> List[Link]:
    found: List[Link] = []
    for match in _LINK.finditer(text):
        if text[match.end() : match.end() + 1] == "@":
            continue  # the name before an email address's @, not a web address
        raw = match.group(0).rstrip(".,;:!?")
        host = re.sub(r"^(?:https?://)?", "", raw, flags=re.IGNORECASE).split("/")[0].split(":")[0].lower()
        if "@" in host or not host or host.replace(".", "").isdigit() and not _IP_LINK.match(raw):
            continue
        parts = _EXTRACT(host)
        if not parts.suffix and not host.replace(".", "").isdigit():
            continue  # "e.g." or "Mr.Smith": not a domain
        registrable = f"{parts.domain}.{parts.suffix}" if parts.suffix else host
        found.append(Link(raw, host, registrable, email=text[match.start() - 1 : match.start()] == "@"))
    return found


def is_official(link: Link, domains: Iterable[str]) -> bool:
    return any(link.host == d or link.host.endswith("." + d) for d in domains)


# Web address endings that cost little and that organisations in the UK do
# not use for their own sites (NCSC: check the address, not the name shown).
UNUSUAL_ENDINGS = frozenset(
    "top xyz info live shop click online site icu buzz cc club vip win bid loan work monster cyou rest fit "
    "sbs cfd quest lol mom ga ml tk cf gq".split()
)


# Words a phishing address strings onto a name with hyphens
# (royalmail-redeliver-uk, ee-billing-update, passport-renew-uk): an
# organisation's own address is rarely built that way.
_ACTION_WORDS = frozenset(
    "renew renewal update verify verification secure security login signin account billing bill pay payment "
    "refund claim redeliver redelivery delivery parcel track tracking support help reward prize bonus unlock fee "
    "fees tax rebate duty customs reschedule confirm portal service services wallet invest trade money".split()
)


def action_words_domain(link: Link) -> bool:
    """A hyphenated address made of a name and words of action."""
    label = link.registrable.split(".")[0]
    parts = label.split("-")
    return len(parts) > 1 and any(part in _ACTION_WORDS for part in parts)


def unusual_ending(link: Link) -> bool:
    return link.registrable.rsplit(".", 1)[-1] in UNUSUAL_ENDINGS


def shortened(link: Link) -> bool:
    return link.registrable in SHORTENERS or link.host in SHORTENERS


def ip_address(link: Link) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", link.host))


def _skeleton(label: str) -> str:
    """A domain label folded the way a reader's eye folds it: lookalike
    letters from other scripts to Latin, accents off, digits to letters."""
    folded = []
    for char in label:
        if ord(char) > 127:
            found = confusables.is_confusable(char, preferred_aliases=["latin"]) or []
            homoglyphs = found[0]["homoglyphs"] if found else []
            latin = next((h["c"] for h in homoglyphs if ord(h["c"]) < 128), None)
            char = latin or unicodedata.normalize("NFKD", char)[0]
        folded.append(char)
    return "".join(folded).lower().translate(_SWAPS).replace("rn", "m").replace("vv", "w")


def mixed_script(link: Link) -> bool:
    return any(ord(char) > 127 for char in link.host) and bool(
        confusables.is_dangerous(link.host) or confusables.is_mixed_script(link.host)
    )


def brand_names(entry: Mapping[str, Sequence[str]]) -> List[str]:
    """The words a lookalike address borrows from an organisation: its
    one-word names (hmrc, royalmail, paypal) and its own domains' names,
    except public bodies' (gov.uk, police.uk, nhs.uk: their names are places)."""
    names = {str(n).lower() for n in entry.get("names", ()) if " " not in str(n) and len(str(n)) >= 3}
    for domain in entry.get("domains", ()):
        if not str(domain).endswith(("gov.uk", "police.uk", "nhs.uk")):
            names.add(str(domain).split(".")[0].lower())
    return sorted(name for name in names if len(name) >= 3)


def lookalike(link: Link, official: Mapping[str, Mapping[str, Sequence[str]]]) -> Tuple[str, str] | None:
    """(the organisation it imitates, how) for a link that looks like an
    organisation's own but is not: letters from another alphabet, digits for
    letters, or the organisation's name inside another address
    (royalmail-redelivery.com). `official` maps an organisation to its
    names and domains."""
    if any(is_official(link, entry.get("domains", ())) for entry in official.values()):
        return None
    label = link.registrable.rsplit(".", 1)[0] if "." in link.registrable else link.registrable
    host_skeleton = _skeleton(link.host)
    for org, entry in official.items():
        for name in brand_names(entry):
            if mixed_script(link) and name in host_skeleton:
                return org, "letters from another alphabet"
            if name in _skeleton(label) and name not in label.lower():
                return org, "letters swapped for lookalikes"
            if name in re.split(r"[^a-z0-9]+", label.lower()) or (len(name) >= 5 and name in label.lower()):
                return org, "the name inside another address"
    return None


@dataclass(frozen=True)
class Number:
    text: str
    kind: str  # premium, personal, international


def odd_numbers(text: str) -> List[Number]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        before, after = text[match.start - 1 : match.start], text[match.end : match.end + 1]
        if before.isalnum() or after.isalnum():
            continue  # digits inside a tracking code or reference, not a number to call
        number = match.number
        region = phonenumbers.region_code_for_number(number)
        kind = phonenumbers.number_type(number)
        if kind == phonenumbers.PhoneNumberType.PREMIUM_RATE:
            found.append(Number(match.raw_string, "premium"))
        elif kind == phonenumbers.PhoneNumberType.PERSONAL_NUMBER:
            found.append(Number(match.raw_string, "personal"))
        elif region not in ("GB", "GG", "JE", "IM", None) and number.country_code != 44:
            found.append(Number(match.raw_string, "international"))
    return found
