"""actions/replies.py"""

import asyncio

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import ACTIONS, FIXED_REPLIES
from tests.actions_helpers import tracker


@pytest.mark.parametrize("action_class", ACTIONS)
def test_each_fixed_reply_action_sends_its_reply(action_class: type) -> None:
    action: Action = action_class()
    dispatcher = CollectingDispatcher()
    assert asyncio.run(action.run(dispatcher, tracker("greet"), {})) == []
    assert dispatcher.messages[0]["response"] == FIXED_REPLIES[action.name()]


def test_every_fixed_reply_action_is_in_the_domain() -> None:
    import yaml

    from tests.conftest import ROOT

    domain_actions = set(yaml.safe_load((ROOT / "domain.yml").read_text())["actions"])
    assert set(FIXED_REPLIES) <= domain_actions
