"""bot/scam: the red flags in pasted messages, measured on the blind corpora
in bot/scam/examples/ and tests/scam/ (figures written to results/scam_check.md), and the rules a
resident relies on: never "safe", warnings are not flags, the words quoted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from bot.content.compose import Composer, Resident
from bot.content.source import load_directory
from bot.scam.check import SIGNS, WORDS, check
from bot.scam.paste import split_lead_in
from tests.conftest import ROOT

CONTENT = load_directory(ROOT / "responses")
OFFICIAL = CONTENT.official
EXAMPLES = ROOT / "bot" / "scam" / "examples"
CORPUS = ROOT / "tests" / "scam"


def signs(text: str) -> List[str]:
    return [flag.sign for flag in check(text, OFFICIAL)]


def _messages(path: Path) -> List[Dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def _rate(messages: List[Dict[str, str]]) -> float:
    return sum(1 for m in messages if check(m["text"], OFFICIAL)) / len(messages)


def test_corpus_figures_are_reported_and_hold() -> None:
    """Corpora written blind by helpers. Corpus 1 was tuned on: its odd ids
    first, then all of it. Corpus 2 was held out until its first contact was
    recorded (scams 70.3%, genuine 12.0%), then tuned on, as issue 14 asks
    ("before and after tuning"). Corpus 3 was held out until its first
    contact was recorded (rules alone 79.4% / 19.2%; with the learnt signal,
    whose thresholds were chosen on corpora 1 and 2 only, 88.8% / 13.3%).
    All three are now the learnt signal's examples (bot/scam/examples/), so
    their figures say little. Corpus 4 (tests/scam/heldout_4/) is held out:
    measured, never tuned to.
    The floors are the figures reached, so a change that loses ground fails;
    the targets (90% of scams, at most 10% of genuine messages) are reported
    in results/scam_check.md."""
    figures: Dict[str, Dict[str, float]] = {}
    corpora = (
        ("corpus 1 (tuned on, learnt from)", EXAMPLES / "corpus_1"),
        ("corpus 2 (tuned on, learnt from)", EXAMPLES / "corpus_2"),
        ("corpus 3 (tuned on, learnt from)", EXAMPLES / "corpus_3"),
        ("corpus 4 (held out)", CORPUS / "heldout_4"),
    )
    for corpus, folder in corpora:
        for name in ("scam", "genuine"):
            messages = _messages(folder / f"{name}.yml")
            figures[f"{corpus}: {name}"] = {"messages": len(messages), "with a red flag": _rate(messages)}
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / "scam_check.json").write_text(json.dumps(figures, indent=2) + "\n")
    lines = ["# Scam check: share of messages with at least one red flag", ""]
    lines += ["| corpus | messages | with a red flag |", "| --- | --- | --- |"]
    lines += [f"| {k} | {v['messages']} | {v['with a red flag']:.3f} |" for k, v in figures.items()]
    (out / "scam_check.md").write_text("\n".join(lines) + "\n")
    assert figures["corpus 1 (tuned on, learnt from): scam"]["with a red flag"] >= 0.97
    assert figures["corpus 1 (tuned on, learnt from): genuine"]["with a red flag"] <= 0.03
    assert figures["corpus 2 (tuned on, learnt from): scam"]["with a red flag"] >= 0.96
    assert figures["corpus 2 (tuned on, learnt from): genuine"]["with a red flag"] <= 0.06
    assert figures["corpus 3 (tuned on, learnt from): scam"]["with a red flag"] >= 151 / 170
    assert figures["corpus 3 (tuned on, learnt from): genuine"]["with a red flag"] <= 16 / 120
    # Corpus 4's first contact (the check of ab0a741; rules alone 129/160 and
    # 12/110): 152/160 scams, 8/110 genuine. The targets: 90% and 10%.
    assert figures["corpus 4 (held out): scam"]["with a red flag"] >= 152 / 160
    assert figures["corpus 4 (held out): genuine"]["with a red flag"] <= 8 / 110


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Royal Mail: your parcel is held. Pay the £1.99 redelivery fee at royalmail-redelivery.com",
            "lookalike",
        ),
        ("Your PayPal account is limited. Log in at pаypal.com to restore it", "lookalike"),  # Cyrillic а
        ("HMRC: you are owed a tax refund. Claim at bit.ly/3xYz", "shortener"),
        ("Hi Mum, this is my new number, my phone broke. Can you send £200 for a bill?", "family_new_number"),
        (
            "This is your bank. Move your savings to a safe account today and don't tell the staff",
            "safe_account",
        ),
        ("Please read me the 6 digit code we just sent you to verify your account", "codes"),
        ("Download AnyDesk so our engineer can fix your broadband", "remote_access"),
        ("Pay the fine with Apple gift cards or you will be arrested", "payment_method"),
        ("Call 0909 879 0123 now to claim your prize", "premium_number"),
        ("Earn 5% daily with our crypto trading platform, guaranteed returns", "investment"),
    ],
)
def test_each_kind_of_red_flag_is_found(text: str, expected: str) -> None:
    assert expected in signs(text)


def test_warnings_in_genuine_messages_are_not_red_flags() -> None:
    assert (
        signs("NatWest: a new payee was added. We will never ask you to move money to a safe account.") == []
    )
    assert signs("Your WhatsApp code is 512-883. Don't share this code with anyone.") == []


def test_links_to_the_named_organisations_own_site_are_not_flagged() -> None:
    assert signs("Royal Mail: track your parcel at https://www.royalmail.com/track-your-item") == []
    assert "not_official" in signs("Royal Mail: track your parcel at https://parcel-track.info/rm")


def test_the_reply_quotes_the_words_and_never_says_safe() -> None:
    composer = Composer(CONTENT, Resident("web"))
    flags = [{"sign": f.sign, "phrase": f.phrase} for f in check("URGENT: reply within 24 hours", OFFICIAL)]
    found = composer.compose("utter_scam_check", flags=flags)["text"]
    assert '"URGENT"' in found and "999" in found and "7726" in found
    nothing = composer.compose("utter_scam_check", flags=[])["text"]
    assert "none of the common signs" in nothing and "does not make it safe" in nothing
    for text in (found, nothing):
        assert "is safe" not in text.lower() and "looks genuine" not in text.lower()


def test_every_sign_has_its_words_in_the_content() -> None:
    assert set(SIGNS) == set(CONTENT.scam_signs)


def test_a_message_introduced_by_the_resident_is_split_from_their_words() -> None:
    assert split_lead_in("is this a scam? Your parcel is waiting, pay £1.99 at royalmail-fees.com") == (
        "is this a scam?",
        "Your parcel is waiting, pay £1.99 at royalmail-fees.com",
    )
    assert split_lead_in("is this a scam") is None  # a question, nothing pasted yet
    assert split_lead_in("someone at my door says he is from the bank") is None


def test_general_signs_of_phishing_are_found() -> None:
    assert "generic_greeting" in signs(
        "From: Support <help@mail.example>\nSubject: Notice\n\nDear valued customer, log in at help-desk.top"
    )
    # "Dear customer" alone is how many real bills begin: it only supports another sign.
    assert (
        signs("From: Water <bills@water.example>\nSubject: Bill\n\nDear customer, your bill is ready.") == []
    )
    assert "odd_link" in signs("Your parcel is waiting: parcel-redelivery.top/track")
    assert "codes" in signs("Hi, I sent you a 6 digit code by mistake, can you send it back to me?")
    assert signs("Dear Mrs Patel, your appointment is on Tuesday at 10am.") == []


def test_warnings_and_descriptions_of_scams_are_not_flags() -> None:
    # A warning's list runs across commas, and police alerts describe scams.
    assert (
        signs("We will never ask you to read out a code, move money to a safe account or give your PIN.")
        == []
    )
    assert (
        signs("Callers are pretending to be detectives and asking people to withdraw cash for a courier.")
        == []
    )
    # "If you do not pay" is a condition, not a warning.
    assert "threat" in signs("If you do not pay today we will start legal action against you.")
    # "Don't worry, ..." does not make what follows a warning.
    assert "safe_account" in signs("Don't worry, just move your savings to the safe account I give you.")


def test_a_message_worded_like_a_scam_is_flagged_when_no_rule_fires() -> None:
    found = check(
        "Hello dear, I am a widow looking for a kind honest person to help me move my late husband's "
        "gold out of the country. You will be rewarded generously for your trust.",
        OFFICIAL,
    )
    assert [flag.sign for flag in found] == ["reads_like_a_scam"] and found[0].phrase


def test_a_message_worded_like_a_genuine_one_loses_the_weaker_signs() -> None:
    # "urgent" is a rule's sign; in an ordinary reminder it is not a red flag.
    reminder = (
        "Hi Sam, the dentist rang about your check-up tomorrow at 9.40, please call them back urgently."
    )
    assert WORDS["urgency"].search(reminder) and signs(reminder) == []
    # Requests no genuine message makes stay, however the rest reads.
    assert "codes" in signs("Hi Sam, the dentist rang, please read me the code they just texted you.")


def test_sent_from_the_named_organisations_own_address() -> None:
    prize = "From: NS&I <alerts@nsandi.com>\nSubject: Prize\n\nCongratulations, you've won £50 in the Premium Bonds draw."
    assert signs(prize) == []
    assert "lookalike" in signs(prize.replace("alerts@nsandi.com", "alerts@nsandi-prizes.com"))
    # A request still counts, whoever it claims to come from.
    assert "codes" in signs(prize + " Reply with the code we sent you to claim.")
