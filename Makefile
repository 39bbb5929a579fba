# Peerline: the verbs a newcomer types.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
export UV_PYTHON ?= 3.11

.PHONY: help venv setup run test lint typecheck audit asyncapi bench bench-full browsers clean image deploy-check

help:
	@echo "make run    start the whole helpline locally (NATS, Redis, SQLite, every service)"
	@echo "make test   run the whole test suite (lint, types, unit, integration, e2e, browser)"
	@echo "make bench  run the quick benchmark; make bench-full for the long one"
	@echo "make asyncapi  regenerate the message catalogue docs/asyncapi.json from the contract"
	@echo "make image  build the one Peerline image (and stand-in base images where no registry answers)"
	@echo "make deploy-check  start the production compose layout with Docker, prove it, tear it down"

$(UV):
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --user --quiet uv

# Bytecode is compiled once at install: where PYTHONDONTWRITEBYTECODE is set, every service
# process would otherwise compile its imports anew at each start (about 3 s of CPU each).
SYNC = $(UV) sync --all-packages --locked --compile-bytecode
COMPILE_OWN = $(UV) run python -m compileall -q shared/src devtools/src services >/dev/null

venv: $(UV)
	$(SYNC)
	$(COMPILE_OWN)

setup: venv
	@bash infra/scripts/install-browser.sh

run: venv
	$(UV) run peerline run

lint:
	$(UV) run ruff check .

# Strict on the shared kernel and on the pure domain code of each service.
typecheck:
	$(UV) run mypy -p peerline_shared -p peerline_triage.classifier \
		-p peerline_notifications.domain -p peerline_directory.domain -p peerline_telegram.alerts.domain \
		-p peerline_testing -p peerline_devtools -m peerline_gateway.posts.sanitise

# The message catalogue (AsyncAPI 3.0) from peerline_shared.events; a contract test compares
# the committed copy with a fresh one.
asyncapi: venv
	$(UV) run python -m peerline_shared.events.asyncapi > docs/asyncapi.json

# Known vulnerabilities in the locked dependencies fail; no network only warns.
audit:
	UV=$(UV) $(UV) run python infra/scripts/dependency_audit.py

# pytest on several workers (pytest-xdist): much of the suite waits on servers and processes.
# Tests of one module, of one whole-system stack, and the fault tests stay together on one
# worker (peerline_testing.plugin); the long groups are handed out first.
TEST_WORKERS ?= 3
test: setup lint typecheck audit
	$(UV) run pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure"; exit 1; fi; \
	exit $$status

bench: setup
	$(UV) run python bench/run.py --quick

# Five rows: NATS fsyncing every write (one node's worst case), NATS's default sync (as a
# replicated cluster runs), that with two notifications replicas, and the queue-growth pair
# (100 msg/s with 10,000 open conversations against 100: SLA tick, queue page, p99).
bench-full: setup
	$(UV) run python bench/run.py --full
	$(UV) run python bench/run.py --full --nats-sync default --out bench/results/default-sync
	$(UV) run python bench/run.py --full --nats-sync default --notifications-replicas 2 \
		--out bench/results/two-notifications
	$(UV) run python bench/run.py --growth --nats-sync default --open-conversations 10000 \
		--out bench/results/queue-10000
	$(UV) run python bench/run.py --growth --nats-sync default --open-conversations 100 \
		--out bench/results/queue-100

# The one image every service runs (infra/docker/Dockerfile), built with BuildKit; base images
# a registry cannot give are built from Debian's packages (docs/deployment.md).
image: venv
	$(UV) run python infra/deploy/images.py

# docker-compose.prod.yml for real: build, start, round trip through the TLS proxy, a NATS
# node stopped under every service, tear down. Installs and starts Docker when missing.
deploy-check: venv
	$(UV) run python infra/deploy/deploy_check.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
