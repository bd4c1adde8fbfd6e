# Thin wrapper over CMake. See README.md.
BUILD ?= build
JOBS ?= $(shell nproc)
ARCHIVE ?= var/archive
LISTEN ?= 127.0.0.1:8080
CORPUS ?= ../shared/corpus

.PHONY: deps build test run clean bench fuzz test-sanitize install package pgo

deps:
	scripts/install-deps

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

run: deps build
	scripts/run-demo $(BUILD)/chancery $(ARCHIVE) $(LISTEN) $(CORPUS)

# Installs the binary, its pages and the systemd units under PREFIX (CMake's
# default /usr/local; `make install PREFIX=/usr`).
install: build
	cmake --install $(BUILD) $(if $(PREFIX),--prefix $(PREFIX))

# A Debian package installing under /usr: $(BUILD)/package/chancery_VERSION_ARCH.deb
package: deps build
	cd $(BUILD) && cpack -B package

# A profile-guided chancery in build-pgo (scripts/build-pgo: trained on
# synthetic records made from the corpus; `make install BUILD=build-pgo`).
pgo:
	scripts/build-pgo build-pgo $(CORPUS)/frus

# Configured again after the peers' packages are installed: a build folder
# configured before them would leave out the benchmarks that need them. The
# chancery measured is the profile-guided one (make pgo); the peers' drivers
# come from $(BUILD).
bench: deps
	scripts/install-deps --bench
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	$(MAKE) build
	$(MAKE) pgo
	CHANCERY_BUILD=build-pgo bench/run-all

fuzz:
	scripts/fuzz $(FUZZ_SECONDS)

test-sanitize:
	cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCHANCERY_SANITIZE=ON
	cmake --build build-sanitize -j$(JOBS)
	cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz build-pgo
