# make run  — install GSL if missing, build in release, run the default scenario
# make test — install GSL if missing, lint, build and run the whole test suite
SWIFT ?= swift
ARGS ?=

.PHONY: setup build release run test lint bench clean

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

clean:
	rm -rf .build
