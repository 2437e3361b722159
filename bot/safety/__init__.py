"""The safety screen: does a message say someone is in danger now, or
speak of self-harm? Used inside Rasa (a pipeline component that overrides
the classifier) and by the public processes' safe replies when Rasa cannot
answer. Pure functions over text: no I/O, no Rasa imports outside
`component.py`."""
