# agentdb: build, test and install. `make demo` and `make check` work on a fresh Debian 12:
# both first run `make deps`, which installs whatever packages are missing.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
SAN       ?=
FUZZ_SECONDS ?= 60
V         ?= 0
Q          = $(if $(filter 1,$(V)),,@)

PKG_CFLAGS = $(shell pkg-config --cflags libpq ncursesw yajl 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs libpq ncursesw yajl 2>/dev/null)
comma     := ,
SANFLAGS   = $(if $(SAN),-fsanitize=address$(comma)undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined,)
OPT        = $(if $(SAN),-O1,-O2)
CFLAGS    ?=
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror $(OPT) -g $(SANFLAGS) \
             -Isrc -Iscreens -I$(BUILD) $(PKG_CFLAGS) -DAGENTDB_VERSION='"$(VERSION)"' $(CFLAGS)
LDLIBS_ALL = $(SANFLAGS) $(PKG_LIBS) -lreadline -lcrypto -lm

SRC_LIB   := $(filter-out src/main.c,$(wildcard src/*.c))
SCREENS   := $(wildcard screens/*.c)
OBJ_LIB   := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC_LIB)) \
             $(patsubst screens/%.c,$(BUILD)/obj/screens/%.o,$(SCREENS)) \
             $(BUILD)/obj/bundle_gen.o $(BUILD)/obj/keys_gen.o
SQL_FILES := $(shell find sql -name '*.sql' | LC_ALL=C sort)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))
DB_SRC    := $(wildcard tests/db/test_*.c)
DB_BIN    := $(patsubst tests/db/%.c,$(BUILD)/tests/db/%,$(DB_SRC))
BUNDLEGEN_SRC := tools/bundlegen.c src/util.c src/sqlsplit.c src/migfile.c src/bundle_hash.c \
                 src/checkfile.c

.PHONY: all deps check check-asan test test-unit test-db test-man test-tty test-build test-lint test-screens test-replica bench bench-dag bench-json fuzz fuzz-run fuzz-json valgrind demo install uninstall clean man

all: $(BUILD)/agentdb

deps:
	@sh tools/deps.sh

$(BUILD)/obj $(BUILD)/obj/screens $(BUILD)/tests/unit $(BUILD)/tests/db:
	@mkdir -p $@

$(BUILD)/bundlegen: $(BUNDLEGEN_SRC) src/*.h | $(BUILD)/obj
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $(BUNDLEGEN_SRC) $(LDLIBS_ALL)

# The generated table of bundled SQL: paths, LF-normalised text, sha256. A migration that
# breaks the file rules (e.g. CREATE INDEX CONCURRENTLY without -- @no-transaction) fails here.
$(BUILD)/bundle_gen.c: $(BUILD)/bundlegen $(SQL_FILES)
	@echo '  BUNDLE  $@'
	$(Q)$(BUILD)/bundlegen $@ sql $(SQL_FILES)

$(BUILD)/obj/bundle_gen.o: $(BUILD)/bundle_gen.c src/bundle.h | $(BUILD)/obj
	@echo '  CC      $@'
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The default key bindings, embedded as text.
$(BUILD)/keys_gen.c: screens/keys.default tools/text2c.sh | $(BUILD)/obj
	$(Q)sh tools/text2c.sh keymap_default_text $< $@

$(BUILD)/obj/keys_gen.o: $(BUILD)/keys_gen.c | $(BUILD)/obj
	@echo '  CC      $@'
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/screens/%.o: screens/%.c screens/*.h src/*.h | $(BUILD)/obj/screens
	@echo '  CC      $@'
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c src/*.h | $(BUILD)/obj
	@echo '  CC      $@'
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libagentdb.a: $(OBJ_LIB)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/agentdb: $(BUILD)/obj/main.o $(BUILD)/libagentdb.a
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

# DAG layout bench (not a test): random layered DAGs, timed, and the same graph as DOT.
$(BUILD)/bench_dag: tools/bench_dag.c $(BUILD)/libagentdb.a
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libagentdb.a $(LDLIBS_ALL)

# The DAG rows of the bench, beside dot -Tplain (DOT_MAX_NODES=1000 skips the 2-minute 10k run).
bench-dag: $(BUILD)/bench_dag
	@sh tools/bench_dag.sh $(BUILD)/bench_dag $(BUILD)/bench $(or $(DOT_MAX_NODES),10000)

$(BUILD)/tests/unit/%: tests/unit/%.c tests/fuzz/*.c $(BUILD)/libagentdb.a | $(BUILD)/tests/unit
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -DSRCDIR='"$(CURDIR)"' -o $@ $< $(BUILD)/libagentdb.a -lcmocka $(LDLIBS_ALL)

$(BUILD)/tests/db/%: tests/db/%.c tests/db/harness.c tests/db/harness.h $(BUILD)/libagentdb.a | $(BUILD)/tests/db
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -Itests/db -o $@ $< tests/db/harness.c $(BUILD)/libagentdb.a -lcmocka $(LDLIBS_ALL)

# ---- tests ----

test-unit: $(UNIT_BIN)
	@sh tests/run.sh unit $(UNIT_BIN)

test-db: $(BUILD)/agentdb $(DB_BIN)
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh tests/run.sh db $(DB_BIN)

test-build: $(BUILD)/agentdb
	@sh tests/build/test_build.sh $(BUILD)

test-tty: $(BUILD)/agentdb
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh -c 'rc=0; for t in repl console password; do sh tests/tty/test_$$t.sh $(BUILD)/agentdb || rc=1; done; exit $$rc'

# Golden screens: the console driven headless by scripts, dumps compared with tests/screens/golden.
test-screens: $(BUILD)/agentdb
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh -c 'rc=0; for t in run reconnect restart tenancy_console migrate_console checks_console sizes; do sh tests/screens/$$t.sh $(BUILD)/agentdb || rc=1; done; exit $$rc'

# ---- fuzzing: make fuzz [FUZZ_SECONDS=60 | FUZZ_RUNS=N] [FUZZ_TARGETS=...] (libFuzzer from clang;
# not part of make check). Each target is tests/fuzz/fuzz_NAME.c over the whole library built with
# clang's fuzzer instrumentation, ASan and UBSan. New inputs are kept in tests/fuzz/corpus/NAME
# (committed); a crash is saved as tests/fuzz/regressions/NAME/crash-*, which make check replays.
# Inputs are capped at FUZZ_MAX_LEN bytes (libFuzzer's own default, 4096): every format here is
# line- or token-oriented, and megabyte inputs are covered by the hostile-input db tests instead.
# Each run's executions, rate and outcome are appended to $(BUILD)/fuzz.log.
FUZZ_TARGETS ?= cmd sqlsplit migfile keymap json
FUZZ_MAX_LEN ?= 4096
FUZZ_RUNS    ?=
FUZZ_LIMIT    = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS))
FUZZ_CFLAGS   = -g -O1 -std=c11 -D_GNU_SOURCE -Isrc -Iscreens -I$(BUILD) $(PKG_CFLAGS) \
                -DAGENTDB_VERSION='"$(VERSION)"' -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJ     := $(patsubst src/%.c,$(BUILD)/fuzz/obj/%.o,$(SRC_LIB)) \
                $(patsubst screens/%.c,$(BUILD)/fuzz/obj/screens/%.o,$(SCREENS)) \
                $(BUILD)/fuzz/obj/bundle_gen.o $(BUILD)/fuzz/obj/keys_gen.o
$(BUILD)/fuzz/obj/%.o: src/%.c src/*.h
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) -c -o $@ $<
$(BUILD)/fuzz/obj/screens/%.o: screens/%.c src/*.h screens/*.h
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) -c -o $@ $<
$(BUILD)/fuzz/obj/%_gen.o: $(BUILD)/%_gen.c
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) -c -o $@ $<
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@echo '  FUZZ    $@'
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -DAGENTDB_LIBFUZZER -o $@ $< $(FUZZ_OBJ) $(LDLIBS_ALL)

.SECONDARY: $(FUZZ_OBJ)

fuzz:
	@sh tools/deps.sh clang
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz: $$t ($(FUZZ_LIMIT))"; \
		mkdir -p tests/fuzz/corpus/$$t tests/fuzz/regressions/$$t; \
		$(BUILD)/fuzz/fuzz_$$t $(FUZZ_LIMIT) -max_len=$(FUZZ_MAX_LEN) \
			-artifact_prefix=tests/fuzz/regressions/$$t/ -print_final_stats=1 \
			tests/fuzz/corpus/$$t > $(BUILD)/fuzz-$$t.out 2>&1; rc=$$?; \
		grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|==|SUMMARY)|crash' $(BUILD)/fuzz-$$t.out; \
		echo "$$(date -u +%FT%TZ) $$t rc=$$rc $$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' \
			$(BUILD)/fuzz-$$t.out | tr -s ' \n' ' ')" >> $(BUILD)/fuzz.log; \
	done

# make bench [SCALE=1] [SEED=1]: every row of design/quality.md on a private cluster at SCALE,
# beside its peers, into $(BUILD)/bench.json. Not run by make check.
bench: all $(BUILD)/bench_queries $(BUILD)/bench_dag $(BUILD)/bench_json
	@sh tools/bench/bench.sh $(BUILD) $(or $(SCALE),1) $(or $(SEED),1)

# The bench's query timer (libpq only; not part of the product).
$(BUILD)/bench_queries: tools/bench_queries.c | $(BUILD)/obj
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(LDLIBS_ALL)

# valgrind memcheck over every headless screen script (skipped under ASan: the two don't mix).
valgrind: $(BUILD)/agentdb
	@$(if $(SAN),echo "valgrind: skipped in the sanitizer build",sh tests/with-cluster.sh $(BUILD)/agentdb sh tests/screens/valgrind.sh $(BUILD)/agentdb)

# A streaming standby of the test cluster: reports on it, writes refused (exit 4).
test-replica: $(BUILD)/agentdb
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh tests/replica/test_replica.sh $(BUILD)/agentdb

# squawk over the migrations, plpgsql_check over the functions of a migrated database.
test-lint: $(BUILD)/agentdb
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh tests/lint.sh $(BUILD)/agentdb

# The man page lints clean, and its COMMANDS section matches the command table.
test-man: $(BUILD)/agentdb
	@sh tests/man-check.sh $(BUILD)/agentdb

test: all
	@rm -f $(BUILD)/test-results
	@$(MAKE) --no-print-directory test-unit test-man test-build test-db test-screens test-tty test-lint test-replica valgrind BUILD=$(BUILD) SAN=$(SAN) \
		|| { sh tests/summary.sh $(BUILD); exit 1; }
	@sh tests/summary.sh $(BUILD)

check: deps
	@$(MAKE) --no-print-directory test

check-asan: deps
	@$(MAKE) --no-print-directory test BUILD=build-asan SAN=1

# Regenerate the COMMANDS section of man/agentdb.1 from the command table.
man: $(BUILD)/agentdb
	@sh tests/man-check.sh $(BUILD)/agentdb --update

# ---- bench (not a test) ----

# Opening a 10 MB document in the JSON viewer (index + first paint, peak RSS) beside `jq .`.
# The document is shaped like the demo's feedback_notes; BENCH_DB=CONNINFO also times the fetch
# from PostgreSQL (the document goes into an unlogged table bench_json_doc, dropped afterwards).
$(BUILD)/bench_json: tools/bench_json.c $(BUILD)/libagentdb.a
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libagentdb.a $(LDLIBS_ALL)

bench-json: $(BUILD)/bench_json
	$(Q)$(BUILD)/bench_json --generate=$(BUILD)/bench-doc.json --mb=10
	$(BUILD)/bench_json $(BUILD)/bench-doc.json $(if $(BENCH_DB),"--db=$(BENCH_DB)")

# make fuzz-json: the JSON index target alone (kept for habit; same as FUZZ_TARGETS=json).
fuzz-json:
	@$(MAKE) --no-print-directory fuzz-run FUZZ_TARGETS=json

# ---- demo ----

demo: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/agentdb --local -c 'migrate up' -c 'demo load --scale=0.03 --if-empty'
	$(BUILD)/agentdb --local

# ---- install ----

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 0755 $(BUILD)/agentdb $(DESTDIR)$(PREFIX)/bin/agentdb
	install -m 0644 man/agentdb.1 $(DESTDIR)$(PREFIX)/share/man/man1/agentdb.1
	if [ -f man/agentdb-schema.7 ]; then install -m 0644 man/agentdb-schema.7 $(DESTDIR)$(PREFIX)/share/man/man7/agentdb-schema.7; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/agentdb $(DESTDIR)$(PREFIX)/share/man/man1/agentdb.1 \
	      $(DESTDIR)$(PREFIX)/share/man/man7/agentdb-schema.7

clean:
	rm -rf build build-asan
