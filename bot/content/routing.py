"""Which reporting channels a report should go to, in order.

Only what routing needs: is it happening now (999 first and only), is it a
topic with specialist services (those first, police routes alongside), is it
fraud (Report Fraud, not the police), does the resident want to stay
anonymous (Crimestoppers first).
"""

from __future__ import annotations

from typing import List

from bot.content.model import Content

EMERGENCY_ROUTES = ("emergency_999", "silent_solution", "emergency_sms")
POLICE_ROUTES = ("report_online", "non_emergency_101")
# Topics reported to Report Fraud rather than to Essex Police directly.
FRAUD_TOPICS = ("fraud_scams", "cyber_crime")


def report_routes(
    content: Content,
    kind: str | None,
    anonymous: bool = False,
    happening_now: bool = False,
) -> List[str]:
    if happening_now:
        return list(EMERGENCY_ROUTES)
    topic = content.topics.get(kind or "")
    routes = [r for r in (topic.routes if topic else ()) if r not in EMERGENCY_ROUTES]
    if kind not in FRAUD_TOPICS:
        routes += [r for r in POLICE_ROUTES if r not in routes]
    if anonymous:
        routes = ["crimestoppers"] + [r for r in routes if r != "crimestoppers"]
    return [r for r in routes if r in content.channels]
