"""The learned ranker of answer candidates: gradient-boosted trees over ``rank.FEATURES``.

``python -m evals train`` fits it on the labelled question sets (train, dev and our holdouts)
and writes ``assistant/answer/data/ranker.json``: the feature names, the trees, and the
fingerprint of the data it was fitted on. The file is committed; the command reproduces it.
Scoring needs no library: a walk down each tree and a sigmoid.

Which ranker answers is the step ``learned_ranker`` (assistant/steps.py; the hand weights when it
is off or the model file is missing); ``using`` swaps a model in for a block (cross-validation,
tests).
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "data" / "ranker.json"


@dataclass(frozen=True)
class RankerModel:
    """Gradient-boosted trees over ``rank.FEATURES`` (fitted by scikit-learn's
    HistGradientBoostingClassifier, exported as plain lists). A tree is a list of nodes
    ``[feature, threshold, left, right, value, is_leaf]``; a candidate goes left when its
    feature is at most the threshold. The score is the sigmoid of the baseline plus the leaves
    it reaches."""

    features: tuple[str, ...]
    baseline: float
    trees: tuple[tuple[tuple[float, ...], ...], ...]
    fingerprint: str = ""
    meta: dict | None = None

    def score(self, x: Sequence[float]) -> float:
        """The probability that the candidate is in the gold article."""
        z = self.baseline
        for nodes in self.trees:
            node = nodes[0]
            while not node[5]:
                node = nodes[int(node[2] if x[int(node[0])] <= node[1] else node[3])]
            z += node[4]
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def to_json(self) -> dict:
        return {
            "kind": "gradient-boosted-trees",
            "features": list(self.features),
            "baseline": self.baseline,
            "trees": [[list(n) for n in nodes] for nodes in self.trees],
            "fingerprint": self.fingerprint,
            "meta": self.meta or {},
        }

    @classmethod
    def from_json(cls, data: dict) -> RankerModel:
        return cls(
            features=tuple(data["features"]),
            baseline=float(data["baseline"]),
            trees=tuple(tuple(tuple(n) for n in nodes) for nodes in data["trees"]),
            fingerprint=str(data.get("fingerprint", "")),
            meta=dict(data.get("meta") or {}),
        )


_local = threading.local()
_loaded: dict[str, RankerModel | None] = {}


def load_model(
    path: Path = MODEL_PATH, features: Sequence[str] | None = None
) -> RankerModel | None:
    """The model file's ranker, or None when there is none or it was made for other features
    than `features` (the caller's, ``rank.FEATURES``: retrain when they change)."""
    key = str(path)
    if key not in _loaded:
        model = None
        if path.is_file():
            model = RankerModel.from_json(json.loads(path.read_text(encoding="utf-8")))
        _loaded[key] = model
    model = _loaded[key]
    if model is not None and features is not None and model.features != tuple(features):
        return None  # features changed since it was trained: retrain
    return model


def active_model(features: Sequence[str] | None = None) -> RankerModel | None:
    """The ranker to use now: one set by ``using``, else the file's while the step is on."""
    from assistant.steps import current

    override = getattr(_local, "stack", None)
    if override:
        return override[-1]
    if not current().learned_ranker:
        return None
    return load_model(features=features)


@contextmanager
def using(model: RankerModel | None) -> Iterator[None]:
    """Rank with ``model`` inside the block, in this thread (None: the hand-weighted rules)."""
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    stack.append(model)
    try:
        yield
    finally:
        stack.pop()
