"""Two per-message costs in Rasa 3.6, found by profiling the stack under load.

1. Every custom action's response is checked against a fixed JSON schema by
   `jsonschema.validate`, which re-checks the schema and builds a new
   validator on every call: about half of Rasa's CPU time. The same schema,
   compiled once, gives the same verdicts and the same error.
2. Every stored event is deserialised through `Event.resolve_by_type`,
   which walks all Event subclasses for each event (about 14%). The lookup
   is remembered per type name; unknown names still go to Rasa's own code.

`install()` is called by bot/rasa/server.py before Rasa starts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Optional

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event


@lru_cache(maxsize=1)
def _validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    try:
        _validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error


_resolve_by_type = Event.resolve_by_type
_event_classes: Dict[str, type] = {}


def _remembered_resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    known = _event_classes.get(type_name)
    if known is not None:
        return known
    found = _resolve_by_type(type_name, default)
    if found is not None and getattr(found, "type_name", None) == type_name:
        _event_classes[type_name] = found
    return found


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_remembered_resolve_by_type)
