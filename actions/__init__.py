"""The rasa_sdk action server: decides what to say, never how to say it.

Every reply is named here (`response="utter_..."`) and rendered by Rasa's
NLG from the comms team's content, so the action server holds no wording.
"""
