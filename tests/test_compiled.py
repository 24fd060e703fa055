"""The entity stages run compiled (setup.py), from their current sources."""
import os
from pathlib import Path

import pytest

from indexer.entities import decide

STAGES = Path(decide.__file__).parent


@pytest.mark.skipif(bool(os.environ.get("MARQUEE_PURE_PYTHON")), reason="installed as plain Python on purpose")
def test_the_entity_stages_run_compiled_from_their_current_sources():
    assert decide.__file__.endswith(".so"), "the entity stages run as plain Python: make install, with a C compiler"
    for built in STAGES.glob("*.so"):
        source = built.with_name(built.name.split(".")[0] + ".py")
        assert built.stat().st_mtime >= source.stat().st_mtime, f"{built.name} is older than {source.name}: " \
                                                                f"make install"
