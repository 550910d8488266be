# make run  — install GSL if missing, build in release, run the default scenario
# make test — install GSL if missing, lint, build and run the whole test suite
# make fuzz — the seeded mutation fuzzer in release: CASES=100000 SEED=1 by default
# make slurm-check — sharded sweep as a Slurm job array on a one-node cluster started here (not in make test)
SWIFT ?= swift
ARGS ?=

.PHONY: setup build release run test lint bench fuzz clean slurm-check

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
	# Resident memory is per process: this one test runs alone (see LabelingBenchmarkTests).
	LABELSIM_MEMORY_ALONE=1 $(SWIFT) test --skip-build --filter residentBytes

CASES ?= 100000
SEED ?= 1
fuzz: setup
	$(SWIFT) build -c release --product labelsim-fuzz
	.build/release/labelsim-fuzz --cases $(CASES) --seed $(SEED) --run-every 7 --scenarios Scenarios

bench: release
	.build/release/labelsim bench $(ARGS)

slurm-check: setup
	SWIFT="$(SWIFT)" bash scripts/slurm-check.sh

clean:
	rm -rf .build
