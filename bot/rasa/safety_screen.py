"""Rasa NLU component that applies the safety screen after the classifiers.

It sits at the end of the pipeline (after the FallbackClassifier) so that a
danger-now or self-harm message is answered as `emergency` or `crisis` even
when the classifier was unsure or chose a topic. The original prediction is
kept in `intent_ranking`; the reason is recorded without the resident's text.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety import learnt
from bot.safety.screen import (
    danger_has_passed,
    doubtful_crisis,
    doubtful_emergency,
    is_story,
    mentions_danger,
    screen,
    story_in_doubt,
)

logger = logging.getLogger(__name__)

SAFETY_KEY = "safety_screen"
CAUTION = "caution"  # set when the reply should open with the 999 reminder
HARM = "harm"  # set when it should also give Samaritans (self-harm not ruled out)
ALARMS = ("emergency", "crisis")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyScreen(GraphComponent):
    """Forces `emergency` or `crisis` when the screen says someone is at risk."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyScreen":
        learnt.warm()  # trained when Rasa loads the model, not on a resident's message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._screen(message)
            self._harm_check(message)
        return messages

    @staticmethod
    def _harm_check(message: Message) -> None:
        """Not answered as a crisis, but self-harm not ruled out: the classifier
        guessed it, a rule saw it in one sentence of a story, or the learnt
        opinion reads it as somewhat like self-harm. The reply gives
        Samaritans' number before the answer."""
        text = message.get(TEXT) or ""
        screened = message.get(SAFETY_KEY) or {}
        if text.startswith("/") or (message.get(INTENT) or {}).get("name") in ALARMS:
            return
        doubted = screened.get("classifier") == "crisis" or str(screened.get("doubted", "")).startswith(
            "self_harm"
        )
        if doubted or learnt.likeness(text)[1] >= learnt.HARM_CHECK:
            message.set(SAFETY_KEY, {**screened, HARM: True}, add_to_output=True)

    @staticmethod
    def _demote(message: Message, guess: str) -> None:
        """Replace the classifier's `emergency` or `crisis` guess by its next best intent."""
        ranking = [
            e for e in message.get(INTENT_RANKING_KEY) or [] if e.get("name") not in ("emergency", "crisis")
        ]
        best = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 0.0}
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set(
            SAFETY_KEY,
            {"verdict": None, "reason": "question_or_past_event", "classifier": guess},
            add_to_output=True,
        )
        logger.info(
            "safety screen: classifier's guess read as a question, figure of speech or past event",
            extra={"classifier": guess},
        )

    @staticmethod
    def _screen(message: Message) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):
            # A button the assistant offered; the payload decides.
            return
        result = screen(text)
        guess = (message.get(INTENT) or {}).get("name")
        if result.verdict is not None and not result.in_doubt and is_story(text):
            danger, harm = learnt.likeness(text)
            if (danger if result.verdict == "emergency" else harm) < learnt.DOUBT:
                # One sentence of a long story matched a rule, and the whole
                # reads unlike danger ("...honestly I could kill him. She's
                # back now"): answered as asked, after the 999 reminder.
                if guess in ALARMS:
                    SafetyScreen._demote(message, str(guess))
                SafetyScreen._caution(message, doubted=result.reason)
                return
        if result.verdict is None or result.in_doubt:
            # The screening just made is passed on, not repeated.
            # In a story the classifier's emergency, unconfirmed by the
            # screen, is a reason for the 999 reminder, not the emergency reply.
            demoted = (
                guess == "emergency"
                and (result.in_doubt or story_in_doubt(text) or doubtful_emergency(text, result))
            ) or (guess == "crisis" and doubtful_crisis(text, result))
            if not demoted and guess in ALARMS and not result.in_doubt:
                # The classifier alone said emergency or crisis: the learnt
                # opinion, trained on near misses the classifier never saw,
                # may doubt it ("the heat in this office is murder").
                danger, harm = learnt.likeness(text)
                demoted = (danger if guess == "emergency" else harm) < learnt.DOUBT
            if demoted:
                SafetyScreen._demote(message, str(guess))
            if guess == "goodbye" and danger_has_passed(text):
                # "He's gone now, he drove off" is not a goodbye: it starts the
                # report (after the 999 reminder), which asks if anyone is in danger.
                message.set(INTENT, {"name": "report_crime", "confidence": 1.0}, add_to_output=True)
                SafetyScreen._caution(message)
                return
            might_be = False
            if not (demoted or result.in_doubt or guess in ALARMS):
                # Neither the rules nor the classifier: the learnt second opinion.
                danger, harm = learnt.likeness(text)
                if max(danger, harm) >= learnt.ALARM:
                    SafetyScreen._force(message, "emergency" if danger >= harm else "crisis", "learnt")
                    return
                might_be = max(danger, harm) >= learnt.CAUTION
            if demoted or result.in_doubt or (guess not in ALARMS and (might_be or mentions_danger(text))):
                # Not clearly danger now, but it might be: the reply opens with 999.
                SafetyScreen._caution(message)
            return
        SafetyScreen._force(message, result.verdict, result.reason)

    @staticmethod
    def _caution(message: Message, **why: str) -> None:
        """Open the reply with the one-line 999 reminder."""
        message.set(SAFETY_KEY, {**(message.get(SAFETY_KEY) or {}), **why, CAUTION: True}, add_to_output=True)

    @staticmethod
    def _force(message: Message, verdict: str, reason: str) -> None:
        """Answer the message as `verdict` (emergency or crisis), keeping the
        classifier's guess in the ranking and the reason in the output."""
        previous = (message.get(INTENT) or {}).get("name")
        forced = {"name": verdict, "confidence": 1.0}
        ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get("name") != verdict]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        message.set(
            SAFETY_KEY,
            {"verdict": verdict, "reason": reason, "classifier": previous},
            add_to_output=True,
        )
        if previous != verdict:
            logger.info(
                "safety screen overrode classifier",
                extra={"verdict": verdict, "reason": reason, "classifier": previous},
            )
