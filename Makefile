# Two commands on a fresh machine:  `make run`  and  `make test`.
VENV      ?= .venv
PYTHON    ?= python3
INDEX_DIR ?= var/index
PORT      ?= 8000
BIN        = $(VENV)/bin
CHROMIUM  ?= /usr/bin/chromium

.PHONY: run test install browser index serve bench clean

# setup.py compiles the entity stages and the postings loops (mypyc): an edit to one of them reinstalls
$(BIN)/marquee: pyproject.toml setup.py $(wildcard indexer/entities/*.py) indexer/postings.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,vectors]'
	touch $@

install: $(BIN)/marquee

# The browser tests drive Debian's chromium: installed here when missing (as root), else one line says how.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "error: the browser tests need $(CHROMIUM): run 'sudo apt-get install chromium' (Debian), then make test" >&2; \
	    exit 1; \
	  fi; \
	fi

index: install
	$(BIN)/marquee index corpus/ --index-dir $(INDEX_DIR) --allow-shrink --vectors
	$(BIN)/marquee stats --index-dir $(INDEX_DIR)

# Index the bundled demo corpus and serve it on http://127.0.0.1:$(PORT)
run: index
	MARQUEE_INDEX_DIR=$(INDEX_DIR) $(BIN)/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

# Everything the tests need is installed first; without ../shared the tests that read it are skipped (one line
# at the end says how many), and CI (.ci/run) refuses to run without it.
test: install browser
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/query_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache
