# Two commands on a fresh machine:  `make run`  and  `make test`.
VENV      ?= .venv
PYTHON    ?= python3
INDEX_DIR ?= var/index
PORT      ?= 8000
BIN        = $(VENV)/bin

.PHONY: run test install index serve bench clean

$(BIN)/marquee: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,vectors]'
	touch $@

install: $(BIN)/marquee

index: install
	$(BIN)/marquee index corpus/ --index-dir $(INDEX_DIR)
	$(BIN)/marquee stats --index-dir $(INDEX_DIR)

# Index the bundled demo corpus and serve it on http://127.0.0.1:$(PORT)
run: index
	MARQUEE_INDEX_DIR=$(INDEX_DIR) $(BIN)/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

test: install
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/index_bench.py
	$(BIN)/python bench/query_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache
