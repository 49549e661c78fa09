"""Quality gate: evaluate on the corpora and fail below the floors pinned in quality_floors.json.

Lowering a floor needs a stated reason in that file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, SHARED, TEST_CORPUS
from treatywatch.evaluate import evaluate_corpus

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())
CORPORA = {"dev": SHARED / "corpus" / "dev", "seeds": SHARED / "corpus" / "seeds",
           "world": SHARED / "corpus" / "world", "tests": TEST_CORPUS, "examples": EXAMPLES}


@pytest.mark.parametrize("name", sorted(FLOORS["floors"]))
def test_quality_floor(name):
    corpus = CORPORA[name]
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not present (the shared corpora sit beside the project)")
    metrics = evaluate_corpus(corpus).metrics()
    below = {k: (metrics[k], floor) for k, floor in FLOORS["floors"][name].items() if metrics[k] < floor}
    assert not below, f"below the floor on {name}: {below}"
