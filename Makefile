# Thin wrapper over CMake; every target installs the Debian packages it needs first.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps configure build demo test bench install clean

all: build

deps:
	@sh scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/epistle render examples/open-letter/letter.md -o examples/open-letter/letter.pdf
	@echo "wrote examples/open-letter/letter.pdf"

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	./$(BUILD)/bench/bench_render ./$(BUILD)/epistle examples/open-letter/letter.md

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD)
