"""What the provision classifier costs per article: time inside it (embedding included) and the
sentences it embeds, over every article of the given corpora.

Usage: .venv/bin/python bench/bench_provision_cost.py CORPUS...   e.g. ../shared/corpus/dev
Articles are read at run time (nothing is copied). The parse and the rest of the extraction run as
in ingest; only the classifier's call (`provisions._classified`) is timed, by this process's CPU time
(the ONNX session runs on one thread of it; a machine other jobs share does not distort it) and
by wall clock, after the weights and the ONNX session are loaded. An embedding cache left from an earlier article
is emptied before each one (a tree that still keeps one), so every article pays for its own sentences.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from treatywatch.extract import embed, provision_model, provisions
from treatywatch.extract.article import extract_all
from treatywatch.ingest.read import read


def main() -> None:
    articles = [a for corpus in sys.argv[1:] for a in read([str(Path(corpus) / "articles")])]
    classified = provisions._classified
    original_embed = embed.Embedder.embed
    cpu, wall, sentences, calls = [0.0], [0.0], [0], [0]

    def timed(*args, **kwargs):
        getattr(embed.embedder(), "_cache", {}).clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return classified(*args, **kwargs)
        finally:
            wall[0] += time.perf_counter() - start
            cpu[0] += time.process_time() - start_cpu

    def counted(self, texts):
        sentences[0] += len(texts)
        calls[0] += 1
        return original_embed(self, texts)

    list(extract_all(articles[:1]))  # loads the parser
    provision_model.load(), embed.embedder().embed(["A sentence to warm the session up."])
    provisions._classified, embed.Embedder.embed = timed, counted
    list(extract_all(articles))
    n = len(articles)
    print(f"{n} articles: classifier {cpu[0] * 1000 / n:.1f} ms CPU per article ({wall[0] * 1000 / n:.1f} ms wall), "
          f"{sentences[0]} sentences embedded in {calls[0]} calls ({sentences[0] / n:.2f} per article, "
          f"{cpu[0] * 1000 / max(sentences[0], 1):.1f} ms CPU per sentence)")


if __name__ == "__main__":
    main()
