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

PKG_CFLAGS = $(shell pkg-config --cflags libpq ncursesw 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs libpq ncursesw 2>/dev/null)
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

.PHONY: all deps check check-asan test test-unit test-db test-man test-tty test-build test-lint test-screens demo install uninstall clean man

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

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libagentdb.a | $(BUILD)/tests/unit
	@echo '  CCLD    $@'
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libagentdb.a -lcmocka $(LDLIBS_ALL)

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
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh -c 'sh tests/tty/test_repl.sh $(BUILD)/agentdb && sh tests/tty/test_console.sh $(BUILD)/agentdb'

# Golden screens: the console driven headless by scripts, dumps compared with tests/screens/golden.
test-screens: $(BUILD)/agentdb
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh -c 'sh tests/screens/run.sh $(BUILD)/agentdb && sh tests/screens/reconnect.sh $(BUILD)/agentdb'

# squawk over the migrations, plpgsql_check over the functions of a migrated database.
test-lint: $(BUILD)/agentdb
	@sh tests/with-cluster.sh $(BUILD)/agentdb sh tests/lint.sh $(BUILD)/agentdb

# The man page lints clean, and its COMMANDS section matches the command table.
test-man: $(BUILD)/agentdb
	@sh tests/man-check.sh $(BUILD)/agentdb

test: all
	@rm -f $(BUILD)/test-results
	@$(MAKE) --no-print-directory test-unit test-man test-build test-db test-screens test-tty test-lint BUILD=$(BUILD) SAN=$(SAN) \
		|| { sh tests/summary.sh $(BUILD); exit 1; }
	@sh tests/summary.sh $(BUILD)

check: deps
	@$(MAKE) --no-print-directory test

check-asan: deps
	@$(MAKE) --no-print-directory test BUILD=build-asan SAN=1

# Regenerate the COMMANDS section of man/agentdb.1 from the command table.
man: $(BUILD)/agentdb
	@sh tests/man-check.sh $(BUILD)/agentdb --update

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
