# racoonlint
#
#   make              build ./racoonlint
#   make check        unit, golden, round-trip and real-world tests, valgrind
#                     memcheck (make memcheck), then the unit and golden tests
#                     under AddressSanitizer and UndefinedBehaviorSanitizer
#   make memcheck     valgrind over the corpus, the cases, the real-world files,
#                     an LSP session and hostile inputs: no error, no leak
#   make fuzz         libFuzzer targets (clang), FUZZ_SECONDS each; see below
#   make example      lint the bundled example pair (examples/iscsi)
#   make install      PREFIX=/usr/local DESTDIR= (also BINDIR, MANDIR, DATADIR)
#   make uninstall
#   make man          bring man/racoonlint.1 up to date with the rules
#   make bench        generate large inputs into build/bench and print time,
#                     memory, instructions a byte and scaling against the
#                     targets (docs/performance.md)
#
# SAN=1 builds into build-san with -fsanitize=address,undefined.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
SHARED  ?= $(abspath $(CURDIR)/../shared)

ifeq ($(SAN),1)
B       := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT     := -O1 -g
else
B       := build
SANFLAGS :=
OPT     := -O2 -g
endif

JANSSON_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
JANSSON_LIBS   := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
CMOCKA_LIBS    := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN    := -Wall -Wextra -Werror
CFLAGS_ALL := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(OPT) $(SANFLAGS) \
	-Isrc -I$(B)/gen $(JANSSON_CFLAGS) $(CFLAGS)
# generated scanners and parsers: keep warnings on, minus the ones flex's
# skeleton trips
GEN_CFLAGS := $(CFLAGS_ALL) -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter
LDLIBS_ALL := $(SANFLAGS) $(JANSSON_LIBS) $(LDFLAGS)

GRAMMARS := $(basename $(notdir $(wildcard grammar/*.y)))
GEN_C    := $(foreach g,$(GRAMMARS),$(B)/gen/$(g).tab.c $(B)/gen/$(g).lex.c)
GEN_H    := $(foreach g,$(GRAMMARS),$(B)/gen/$(g).tab.h $(B)/gen/$(g).lex.h)
GRAMMAR_C := $(wildcard grammar/*.c)

SRC      := $(filter-out src/main.c,$(wildcard src/*.c)) $(wildcard rules/*.c) $(GRAMMAR_C)
OBJ      := $(patsubst %.c,$(B)/obj/%.o,$(SRC)) $(patsubst $(B)/gen/%.c,$(B)/obj/gen/%.o,$(GEN_C))
MAIN_OBJ := $(B)/obj/src/main.o
LIB      := $(B)/libracoonlint.a

TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TEST_SRC))

ifeq ($(SAN),1)
BIN := $(B)/racoonlint
else
BIN := racoonlint
endif

.PHONY: all check check-plain check-san unit golden memcheck example install uninstall man clean bench fuzz deps
.SECONDARY:

all: $(BIN)

$(BIN): $(MAIN_OBJ) $(LIB)
	$(CC) -o $@ $^ $(LDLIBS_ALL)

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/gen/%.tab.c $(B)/gen/%.tab.h: grammar/%.y
	@mkdir -p $(B)/gen
	bison -Wall -Werror -o $(B)/gen/$*.tab.c --defines=$(B)/gen/$*.tab.h $<

$(B)/gen/%.lex.c $(B)/gen/%.lex.h: grammar/%.l $(B)/gen/%.tab.h
	@mkdir -p $(B)/gen
	flex -o $(B)/gen/$*.lex.c --header-file=$(B)/gen/$*.lex.h $<

$(B)/obj/gen/%.o: $(B)/gen/%.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/obj/%.o: %.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(LIB) $(CMOCKA_LIBS) $(LDLIBS_ALL)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# --- tests -------------------------------------------------------------

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

golden: $(BIN)
	@RACOONLINT=$(abspath $(BIN)) SHARED=$(SHARED) sh tests/run-golden.sh

check-plain:
	@$(MAKE) --no-print-directory unit golden

check-san:
	@$(MAKE) --no-print-directory SAN=1 unit golden

check:
	@$(MAKE) --no-print-directory check-plain
	@$(MAKE) --no-print-directory memcheck
	@$(MAKE) --no-print-directory check-san

# valgrind needs the plain build (the sanitizers do not run under it)
memcheck:
	@$(MAKE) --no-print-directory SAN=0 racoonlint
	@SHARED=$(SHARED) sh tests/valgrind.sh ./racoonlint

example: $(BIN)
	@# git records no 0600 mode: give the example's key files the mode racoon wants
	@chmod 600 examples/iscsi/*/psk.txt
	./$(BIN) examples/iscsi/server1 examples/iscsi/client1; rc=$$?; [ $$rc -le 1 ] || exit $$rc

# The manual with the rules and version of the program just built.
MAN := $(B)/racoonlint.1

$(MAN): man/racoonlint.1 tools/man-page.sh $(BIN)
	@mkdir -p $(dir $@)
	sh tools/man-page.sh ./$(BIN) man/racoonlint.1 >$@.tmp
	mv $@.tmp $@

man: $(MAN)
	cp $(MAN) man/racoonlint.1

install: $(BIN) $(MAN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/racoonlint/hooks
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/racoonlint
	install -m 755 hooks/racoonlint-precommit $(DESTDIR)$(BINDIR)/racoonlint-precommit
	install -m 644 $(MAN) $(DESTDIR)$(MANDIR)/man1/racoonlint.1
	install -m 755 hooks/pre-commit $(DESTDIR)$(DATADIR)/racoonlint/hooks/pre-commit

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/racoonlint $(DESTDIR)$(BINDIR)/racoonlint-precommit
	rm -f $(DESTDIR)$(MANDIR)/man1/racoonlint.1
	rm -rf $(DESTDIR)$(DATADIR)/racoonlint

clean:
	rm -rf build build-san build-fuzz racoonlint

# --- benchmark ----------------------------------------------------------------
#   make bench BENCH_FLAGS="--runs 3 --no-callgrind --only setkey,pair"
BENCH_FLAGS ?=

bench: $(BIN)
	python3 bench/bench.py --exe $(BIN) --out $(B)/bench $(BENCH_FLAGS)

# --- fuzzing (clang + libFuzzer) --------------------------------------------
#   make fuzz FUZZ_SECONDS=600   run every target that long
#   make fuzz-smoke              20 s a target (CI)
# Targets: racoon, psk, setkey (tests/fuzz/fuzz_parse.c, one parser each),
# pair (tests/fuzz/fuzz_pair.c: the files of two hosts, every rule, every
# output format) and lsp (tests/fuzz/fuzz_lsp.c: a session of the editor
# server). Seeds: corpus/ and tests/regress/TARGET/; what a run adds
# is kept in build-fuzz/corpus-TARGET; a crash is written to
# build-fuzz/crash-TARGET-* and fails the run.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := racoon psk setkey pair lsp
FB := build-fuzz
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -g -O1 -Isrc -I$(FB)/gen \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	$(JANSSON_CFLAGS)
FUZZ_GEN_C := $(foreach g,$(GRAMMARS),$(FB)/gen/$(g).tab.c $(FB)/gen/$(g).lex.c)
FUZZ_GEN_H := $(foreach g,$(GRAMMARS),$(FB)/gen/$(g).tab.h $(FB)/gen/$(g).lex.h)
FUZZ_OBJ := $(patsubst %.c,$(FB)/obj/%.o,$(SRC)) $(patsubst $(FB)/gen/%.c,$(FB)/obj/gen/%.o,$(FUZZ_GEN_C))
FUZZ_LIB := $(FB)/libracoonlint.a
FUZZ_OPTS := -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

$(FB)/gen/%.tab.c $(FB)/gen/%.tab.h: grammar/%.y
	@mkdir -p $(FB)/gen
	bison -Wall -Werror -o $(FB)/gen/$*.tab.c --defines=$(FB)/gen/$*.tab.h $<

$(FB)/gen/%.lex.c $(FB)/gen/%.lex.h: grammar/%.l $(FB)/gen/%.tab.h
	@mkdir -p $(FB)/gen
	flex -o $(FB)/gen/$*.lex.c --header-file=$(FB)/gen/$*.lex.h $<

$(FB)/obj/gen/%.o: $(FB)/gen/%.c $(FUZZ_GEN_H)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter \
		-Wno-unused-but-set-variable -MMD -MP -c -o $@ $<

$(FB)/obj/%.o: %.c $(FUZZ_GEN_H)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

-include $(shell find $(FB)/obj -name '*.d' 2>/dev/null)

$(FB)/fuzz_racoon $(FB)/fuzz_psk $(FB)/fuzz_setkey: $(FB)/fuzz_%: tests/fuzz/fuzz_parse.c $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_LANG=RL_LANG_$(shell echo $* | tr a-z A-Z) \
		-o $@ $< $(FUZZ_LIB) $(JANSSON_LIBS)

$(FB)/fuzz_pair $(FB)/fuzz_lsp: $(FB)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(JANSSON_LIBS)

# Seeds of the pair target: each example and corpus pair as one input.
$(FB)/seed-pair: tests/fuzz/pair-seeds.sh $(wildcard examples/*/*/*)
	@rm -rf $@
	sh tests/fuzz/pair-seeds.sh $@ examples corpus/pairs

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-regress $(foreach t,$(FUZZ_TARGETS),fuzz-run-$(t))
fuzz-build: $(foreach t,$(FUZZ_TARGETS),$(FB)/fuzz_$(t)) $(FB)/seed-pair

fuzz: $(foreach t,$(FUZZ_TARGETS),fuzz-run-$(t))
	@echo "fuzz: $(words $(FUZZ_TARGETS)) passed, 0 failed"

# One target (make -j2 runs two at once).
$(foreach t,$(FUZZ_TARGETS),fuzz-run-$(t)): fuzz-run-%: fuzz-build
	@mkdir -p $(FB)/corpus-$*
	@echo "== fuzz $* for $(FUZZ_SECONDS) s"
	@case $* in pair) seeds=$(FB)/seed-pair ;; lsp) seeds= ;; *) seeds=corpus/$* ;; esac; \
	if ! $(FB)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) $(FUZZ_OPTS) -artifact_prefix=$(FB)/crash-$*- \
		$(FB)/corpus-$* $$seeds tests/regress/$* >$(FB)/fuzz-$*.log 2>&1; then \
		tail -40 $(FB)/fuzz-$*.log; echo "fuzz $*: FAILED (see $(FB)/crash-$*-*)"; exit 1; \
	fi; \
	echo "fuzz $*: $$(grep -h '^stat::number_of_executed_units' $(FB)/fuzz-$*.log | grep -o '[0-9]*$$') runs, no crash"

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

# Replay every regression input through its target (files given one by one:
# nothing is fuzzed or written).
fuzz-regress: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
		n=$$(find tests/regress/$$t -type f ! -name .keep 2>/dev/null | wc -l); \
		[ $$n -gt 0 ] || continue; \
		$(FB)/fuzz_$$t $(FUZZ_OPTS) $$(find tests/regress/$$t -type f ! -name .keep) >$(FB)/regress-$$t.log 2>&1 || \
			{ tail -40 $(FB)/regress-$$t.log; exit 1; }; \
		echo "fuzz-regress $$t: $$n inputs"; \
	done
