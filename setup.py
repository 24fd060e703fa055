"""Build step: the entity stages and the postings loops, most of an index build's time, are compiled to C with
mypyc (the project's metadata stays in pyproject.toml). Where they cannot be compiled, or MARQUEE_PURE_PYTHON=1 is
set, they run as plain Python, with the same results, slower."""
import os

from setuptools import setup

#: Modules compiled as they are: annotated, no class built on a built-in type or on a Whoosh or NLTK class (those
#: stay in the modules that call these: corpus_words.py, codec.py, schema.py, analysis.py).
COMPILED = [f"indexer/entities/{name}.py" for name in ("mentions", "evidence", "decide", "cues", "knowledge")] \
    + ["indexer/postings.py"]


def compiled_modules() -> list:
    if os.environ.get("MARQUEE_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    # (nltk and whoosh ship no type information: their imports are taken as they are)
    modules = mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3", group_name="marquee_entities")
    for m in modules:
        m.optional = True  # a failed C build leaves the Python modules in place, with a warning
    return modules


setup(ext_modules=compiled_modules())
