"""What the provision classifier costs per article: time inside it (embedding included) and the
sentences it embeds, over every article of the given corpora.

Usage: .venv/bin/python bench/bench_provision_cost.py CORPUS...   e.g. ../shared/corpus/dev
Articles are read at run time (nothing is copied). The parse and the rest of the extraction run as
in ingest; only the classifier's call (`provisions._classified`) is timed, with perf_counter, after
one warm-up article has loaded the ONNX session. An embedding cache left from an earlier article
is emptied before each one, so every article pays for its own sentences.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from treatywatch.extract import embed, provisions
from treatywatch.extract.article import extract_all
from treatywatch.ingest.read import read


def main() -> None:
    articles = [a for corpus in sys.argv[1:] for a in read([str(Path(corpus) / "articles")])]
    classified = provisions._classified
    original_embed = embed.Embedder.embed
    seconds, sentences, calls = [0.0], [0], [0]

    def timed(*args, **kwargs):
        getattr(embed.embedder(), "_cache", {}).clear()
        start = time.perf_counter()
        try:
            return classified(*args, **kwargs)
        finally:
            seconds[0] += time.perf_counter() - start

    def counted(self, texts):
        sentences[0] += len(texts)
        calls[0] += 1
        return original_embed(self, texts)

    list(extract_all(articles[:1]))  # loads the parser, the weights and the ONNX session
    provisions._classified, embed.Embedder.embed = timed, counted
    list(extract_all(articles))
    print(f"{len(articles)} articles: classifier {seconds[0] * 1000 / len(articles):.1f} ms per article "
          f"({seconds[0]:.2f} s in all), {sentences[0]} sentences embedded in {calls[0]} calls "
          f"({sentences[0] / len(articles):.1f} per article)")


if __name__ == "__main__":
    main()
