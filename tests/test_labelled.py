"""nlu/labelled.py: the comms team's labelled questions become training data,
and a model trained with them has learnt them (`make retrain`)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nlu.labelled import fit_to_learn, write
from tests.conftest import MODEL, ROOT
from tests.leaks import held_out_texts

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

NONSENSE = [("zibbidy flurp wozzle", "privacy"), ("flurp the zibbidy wozzles", "privacy")]


def test_only_what_is_fit_to_learn_is_kept() -> None:
    held_out = held_out_texts()[0]
    kept, dropped = fit_to_learn(
        [
            *NONSENSE,
            ("what locks should I fit", "not_an_intent"),
            (held_out, "burglary"),
            ("has [brackets]{x}", "burglary"),
            ("zibbidy flurp wozzle", "privacy"),  # twice
        ]
    )
    assert kept == NONSENSE
    assert len(dropped) == 4
    assert any("not one of the assistant's intents" in reason for reason in dropped)
    assert any("held-out" in reason for reason in dropped)


def _parse(model: Path, text: str) -> str:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(agent.parse_message(text))["intent"]["name"]
    finally:
        loop.close()


def test_a_model_trained_with_labelled_questions_has_learnt_them(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    probe = "zibbidy flurp wozzle please"
    assert _parse(MODEL, probe) != "privacy"  # the current model does not know these words
    data = tmp_path / "data"
    shutil.copytree(ROOT / "nlu" / "data", data)
    write(NONSENSE, data / "labelled")
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "train",
            "nlu",
            "--config",
            "config.yml",
            "--nlu",
            str(data),
            "--out",
            str(tmp_path),
            "--fixed-model-name",
            "retrained",
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
    )
    assert _parse(tmp_path / "retrained.tar.gz", probe) == "privacy"
