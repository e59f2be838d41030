# Shenrong build.  `make run` and `make test` are the two doors; see README.md.
#
#   make            ./shenrong (optimised)
#   make run        install deps, build, create shenrong.db with the demo, serve
#   make test       install test deps, build with ASan+UBSan, run every test
#   make unit       C unit tests only (sanitized)
#   make fuzz       build the libFuzzer targets into build/fuzz/
#   make bench      see bench/README.md
#
# Every .c under src/ is part of the program; main.c holds only main().

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium libpq
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Isrc -Wall -Wextra -Werror \
               -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
               -fno-strict-aliasing -pthread -I/usr/include/friso -I/usr/include/postgresql
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lmicrohttpd -ljansson -lsqlite3 -lsodium -lpq) \
           -lfriso -lstemmer -lopencc -lxlsxwriter -lzip -lexpat -lm -pthread

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CFLAGS_BASE += -DSHENRONG_VERSION='"$(VERSION)"' -DSHENRONG_SHARE_DIR='"$(CURDIR)"'

SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/main.c,$(SRC))
HDR     := $(shell find src -name '*.h')

REL_OBJ  := $(LIBSRC:src/%.c=build/rel/%.o)
ASAN_OBJ := $(LIBSRC:src/%.c=build/asan/%.o)
FUZZ_OBJ := $(LIBSRC:src/%.c=build/fuzz/%.o)

REL_CFLAGS  := $(CFLAGS_BASE) -O2 -g
ASAN_CFLAGS := $(CFLAGS_BASE) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CC     := clang
FUZZ_CFLAGS := $(CFLAGS_BASE) -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
               -Wno-unknown-warning-option

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/bin/%)

# keep the fuzz build's objects between fuzzer links
.SECONDARY:

.PHONY: all run test unit fuzz fuzz-run api-test e2e-test deps clean bench demo-db
all: shenrong

shenrong: build/rel/main.o $(REL_OBJ)
	@echo "  LD      $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS)

build/rel/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(REL_CFLAGS) -c -o $@ $<

build/asan/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/asan/shenrong: build/asan/main.o $(ASAN_OBJ)
	@echo "  LD asan $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ) tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  LD unit $@"
	@$(CC) $(ASAN_CFLAGS) -Itests/unit -o $@ $< $(ASAN_OBJ) $(LIBS) -lcmocka

build/fuzz/%.o: src/%.c $(HDR) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/bin/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD fuzz $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LIBS)

deps:
	@scripts/deps.sh run

run: deps
	@$(MAKE) --no-print-directory shenrong
	@scripts/run.sh

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

fuzz: $(FUZZ_BIN)

# Each fuzzer for FUZZ_SECONDS (default 10) from its seed corpus: a smoke
# run in `make test`; run longer by hand before resolving an issue.
fuzz-run: fuzz
	@scripts/run-fuzz.sh $(FUZZ_BIN)

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$$(nproc) build/asan/shenrong $(UNIT_BIN) $(FUZZ_BIN) shenrong
	@scripts/test.sh

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory shenrong
	@bench/run.sh

clean:
	rm -rf build shenrong
