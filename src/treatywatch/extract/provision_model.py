"""The learned provision classifier: one logistic regression per codebook key over a
sentence's MiniLM vector (weights in data/models/provisions.json, made by `make train`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from treatywatch.records import Provision

WEIGHTS = "data/models/provisions.json"


@dataclass(frozen=True, slots=True)
class ProvisionModel:
    keys: tuple[Provision, ...]
    weights: np.ndarray        # (len(keys), 384)
    bias: np.ndarray           # (len(keys),)
    thresholds: np.ndarray     # (len(keys),) probability at which a key is predicted

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """P(the sentence states key k) for each row of `vectors`: shape (n, len(keys))."""
        if len(vectors) == 0:
            return np.zeros((0, len(self.keys)))
        logits = vectors.astype(np.float64) @ self.weights.T + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -40, 40)))

    def predict(self, vectors: np.ndarray) -> list[list[tuple[Provision, float]]]:
        """For each row, the keys at or above their threshold, with their probability."""
        probs = self.probabilities(vectors)
        return [[(key, float(p)) for key, p, t in zip(self.keys, row, self.thresholds) if p >= t] for row in probs]


def from_dict(data: dict) -> ProvisionModel:
    keys = tuple(Provision(k) for k in data["keys"])
    return ProvisionModel(keys=keys,
                          weights=np.array([data["weights"][k] for k in data["keys"]], dtype=np.float64),
                          bias=np.array([data["bias"][k] for k in data["keys"]], dtype=np.float64),
                          thresholds=np.array([data["thresholds"][k] for k in data["keys"]], dtype=np.float64))


@lru_cache(maxsize=1)
def load() -> ProvisionModel:
    """The shipped model (read once)."""
    return from_dict(json.loads((resources.files("treatywatch") / WEIGHTS).read_text(encoding="utf-8")))
