# Thin wrapper over CMake; every target installs the Debian packages it needs first.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
# The tests that build (the Debian packages) use the same count.
export JOBS

.PHONY: all deps configure build demo test test-asan fuzz bench mutate install deb install-deb readme-images gallery clean

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

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ASAN_OPTIONS=exitcode=86:detect_stack_use_after_return=1 \
	  UBSAN_OPTIONS=exitcode=86:print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -E '^(valgrind-|scaling)'

# Every libFuzzer harness for FUZZ_SECONDS (default 60) each, under ASan and UBSan.
fuzz: deps
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) bash scripts/fuzz.sh

bench: build
	./$(BUILD)/bench/bench_render ./$(BUILD)/epistle examples/open-letter/letter.md
	./$(BUILD)/bench/bench_render ./$(BUILD)/epistle examples/english-arabic/letter.md
	./$(BUILD)/bench/bench_render ./$(BUILD)/epistle examples/din5008/letter.md
	./$(BUILD)/bench/bench_merge ./$(BUILD)/epistle examples/merge/template.md

# Deliberate bugs (tests/mutants/), one at a time, in a copy of the tree built in
# $(BUILD)-mutate: prints how many the tests catch and every survivor. Not part of CI.
mutate: deps
	python3 scripts/mutate.py --build $(CURDIR)/$(BUILD)-mutate --jobs $(JOBS)

install: build
	cmake --install $(BUILD)

# Debian packages (epistle, libepistle0, libepistle-dev), built for /usr, in $(BUILD)-deb/deb/;
# `make install-deb` installs them with apt (through sudo when not root).
deb: deps
	@cmake -S . -B $(BUILD)-deb -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
	  -DBUILD_TESTING=OFF >/dev/null
	@cmake --build $(BUILD)-deb -j $(JOBS)
	@cd $(BUILD)-deb && cpack -G DEB >/dev/null
	@ls -1 $(BUILD)-deb/deb/*.deb

install-deb: deb
	@sh scripts/install-deb.sh $(BUILD)

# The README's pictures: pages 1 and 3 of the example, and the Arabic letter, as epistle
# renders them now.
readme-images: demo
	pdftoppm -r 72 -png -f 1 -l 1 -singlefile examples/open-letter/letter.pdf docs/images/open-letter-en-1
	pdftoppm -r 72 -png -f 3 -l 3 -singlefile examples/open-letter/letter.pdf docs/images/open-letter-zh-3
	./$(BUILD)/epistle render examples/arabic/letter.md -o examples/arabic/letter.pdf
	pdftoppm -r 72 -png -f 1 -l 1 -singlefile examples/arabic/letter.pdf docs/images/arabic-1

# docs/gallery.md's pictures: each built-in style and each layout.
gallery: build
	scripts/gallery.sh $(BUILD)/epistle

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-deb build-fuzz
