"""The labelled evaluation corpus for Leidur's detection, its generator, and the scorer.

    python -m evaluation             # precision and recall per entity type, Leidur and plain Presidio
    python -m evaluation.generate    # regenerate corpus.jsonl
    python -m evaluation.datasets    # fetch the public labelled data into the ignored evaluation/data/
    python -m evaluation.identifiers --part tune --errors   # the public identifier sets' tuning part
"""
