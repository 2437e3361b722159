"""The scam check: the red flags in a message a resident pasted or
forwarded, each with the words it came from. Pure functions over text, no
I/O and no Rasa: the action server runs it (`actions/scam_check.py`), the
public processes use `paste` to tell a pasted message from the resident's
own words. The explanations and the organisations' official domains are
content (`responses/scam_check.yml`), passed in; nothing here is worded for
residents.
"""
