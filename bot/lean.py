"""The public processes (web, Telegram) never run a model, but the redactor
imports spaCy, and spaCy's thinc imports TensorFlow whenever it is
installed: two seconds and about 350 MB per process, for nothing.

`keep_tensorflow_out()` makes `import tensorflow` fail in this process, which
thinc handles as "not installed". Call it first thing in a public process's
entry point, never in Rasa's.
"""

import sys


def keep_tensorflow_out() -> None:
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]
