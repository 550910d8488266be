# make run  — install GSL if missing, build in release, run the default scenario
# make test — install GSL if missing, lint, build and run the whole test suite
# make slurm-check — sharded sweep as a Slurm job array on a one-node cluster started here (not in make test)
SWIFT ?= swift
ARGS ?=

.PHONY: setup build release run test lint bench clean slurm-check

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

run: release
	.build/release/labelsim run $(ARGS)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

test: setup lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	.build/release/labelsim bench $(ARGS)

slurm-check: setup
	SWIFT="$(SWIFT)" bash scripts/slurm-check.sh

clean:
	rm -rf .build
