# The assistant's front door. `make run` sets up and starts everything;
# `make test` runs every check CI runs. See README.md.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10: pyenv's build on this kind of machine, else python3.10 on PATH.
PYTHON310 ?= $(shell ls -d $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V | tail -n 1)
ifeq ($(PYTHON310),)
PYTHON310 := $(shell command -v python3.10 2>/dev/null)
endif

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
SPACY_PIPELINE := nlu/spacy_pipeline/en_essex
MODEL := models/essex.tar.gz
# Everything the model is trained from; a change to any retrains it.
TRAINING_INPUTS := config.yml domain.yml $(shell find nlu -name '*.yml' -not -path '*/en_essex/*' 2>/dev/null) $(SPACY_PIPELINE)/meta.json
export TF_CPP_MIN_LOG_LEVEL ?= 2
# No usage data to Rasa's telemetry service from any target (README, Settings).
export RASA_TELEMETRY_ENABLED ?= false
export PYTHONHASHSEED ?= 0
# Reproducible training: the same data gives the same model on the same machine.
export TF_DETERMINISTIC_OPS ?= 1
export ACTIONS_PORT ?= 5055
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTIONS_PORT)/webhook

.PHONY: help setup browser train retrain run shell test check lint typecheck imports unit validate check-content test-core pytest bench purge lock clean admin export-content import-content bench-publish bench-matcher bench-scale soak image

help:
	@echo "make run     set up, train if needed, start the assistant (Ctrl-C stops it)"
	@echo "make shell   chat with the running assistant in this terminal"
	@echo "make test    every check CI runs"
	@echo "make check   the fast loop (under 2 minutes, no model, no browser): lint, types, imports, unit tests"
	@echo "make admin NAME=you    create the first admin of the content editor (/admin)"
	@echo "make export-content    write the published content back to responses/ (for git)"
	@echo "make import-content    publish what changed in responses/ to the content store"
	@echo "make retrain FILE=...  train with the comms team's labelled questions (from /admin insight)"
	@echo "make setup | train | bench | bench-matcher | soak | purge | check-content | lock | image"

# ---- setup ---------------------------------------------------------------

$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install it (pyenv install 3.10) or set PYTHON310=/path/to/python3.10"; exit 1; }
	@echo "[$$(date +%T)] installing the pinned packages into $(VENV) (about 2 minutes on a fresh machine)..."
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

$(SPACY_PIPELINE)/meta.json: $(VENV)/.installed nlu/spacy_pipeline/build.py bot/places.py nlu/lookups/places.yml
	@echo "[$$(date +%T)] building the spaCy pipeline (a few seconds)..."
	$(PY) -m nlu.spacy_pipeline.build $(SPACY_PIPELINE)

setup: $(VENV)/.installed $(SPACY_PIPELINE)/meta.json

# Debian's chromium for the browser tests (Playwright drives it; no browser
# download). Needs apt-get and root, as on CI.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Debian's chromium (apt-get install chromium) for the browser tests"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

browser: $(CHROMIUM)

# ---- model ---------------------------------------------------------------

# Rasa also caches unchanged graph components under .rasa/, so a change to
# one part of the data retrains only what depends on it.
$(MODEL): $(TRAINING_INPUTS) | setup
	@echo "[$$(date +%T)] training the model (about 20 seconds; the data changed)..."
	$(RASA) train --config config.yml --domain domain.yml --data nlu \
		--out models --fixed-model-name essex --quiet
	touch $@
	@echo "[$$(date +%T)] model ready: $@"

train: $(MODEL)

# The comms team's labelled questions (downloaded from the editor's insight
# page) become training data, then a new model: make retrain FILE=labelled.yml
retrain: setup
	$(PY) -m nlu.labelled $(if $(FILE),$(FILE),--from-store)
	$(MAKE) train

# ---- run -----------------------------------------------------------------

run: setup $(MODEL)
	$(PY) -m bot.supervisor

shell: setup
	$(PY) -m bot.shell

purge: setup
	$(PY) -m bot.privacy.conversations purge

check-content: setup
	$(PY) -m bot.content.check

# The content editor: its first account, and content to and from git.
admin: setup
	@test -n "$(NAME)" || { echo "Say who: make admin NAME=yourname"; exit 1; }
	$(PY) -m bot.admin create-admin $(NAME)

export-content: setup
	$(PY) -m bot.content.store export responses

import-content: setup
	$(PY) -m bot.content.store import responses

# The one container image for every role (Containerfile), with podman or
# docker: make image [BASE=local/python310 IMAGE=name:tag]. See deploy/README.md.
IMAGE ?= essex-assistant:dev
image:
	@engine=$$(command -v podman || command -v docker) || { echo "Install podman or docker to build the image"; exit 1; }; \
	$$engine build $(if $(BASE),--build-arg BASE=$(BASE)) -t $(IMAGE) .

# ---- checks --------------------------------------------------------------

# The fast loop: no trained model, no browser. pre-commit runs the same.
check: lint typecheck imports unit

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# The layers and the no-cycle rule in .importlinter.
imports: $(VENV)/.installed
	$(VENV)/bin/lint-imports --no-cache

# Tests that need neither the model nor chromium (marked `model` / `browser`).
unit: setup
	$(VENV)/bin/pytest -m "not model and not browser" -n 2 -q

validate: setup
	$(RASA) data validate --config config.yml --domain domain.yml --data nlu --fail-on-warnings

# Stories are checked against the content in git (responses/), not a local store.
test-core: $(MODEL)
	CONTENT_SOURCE=files $(RASA) test core --model $(MODEL) --stories tests/stories --endpoints endpoints.yml \
		--fail-on-prediction-errors --out results/core

# The tests `make check` left out: those with the model or chromium.
pytest: $(MODEL) browser
	$(VENV)/bin/pytest -m "model or browser"

test: check check-content validate test-core pytest

bench: setup $(MODEL)
	$(PY) -m bench.run
	$(PY) -m bench.scale

# One Rasa replica against two (bench/SCALE.md); part of `make bench`.
bench-scale: setup $(MODEL)
	$(PY) -m bench.scale

# Not part of `make test`: SOAK_MINUTES (30) of peak load with faults; writes bench/SOAK.md.
soak: setup $(MODEL)
	$(PY) -m bench.soak

bench-publish: setup $(MODEL)
	$(PY) -m bench.publish

bench-matcher: setup
	$(PY) -m bench.matcher

# Regenerate the lock after editing requirements.in.
lock: setup
	$(VENV)/bin/uv pip compile --quiet --python-version 3.10 --python-platform x86_64-unknown-linux-gnu \
		--generate-hashes requirements.in -o requirements.lock

clean:
	rm -rf models results .rasa $(SPACY_PIPELINE) .pytest_cache
