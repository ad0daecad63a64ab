"""Worst cases of the version comparison (masterplans.diff.diff_words), timed.

The security probe found that "a "×1500 against "a c "×750 took 33 s and 2,000 words 79 s with difflib alone,
beyond the app server's timeout. Run: DJANGO_DEBUG=1 .venv/bin/python bench/diff_worst_case.py
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from kotacerdas.masterplans.diff import diff_words  # noqa: E402


def prose(words: int, seed: int) -> str:
    vocabulary = [
        "kota",
        "cerdas",
        "warga",
        "layanan",
        "publik",
        "digital",
        "yang",
        "dan",
        "di",
        "untuk",
        "dengan",
        "data",
        "program",
        "daerah",
    ]
    rng = random.Random(seed)
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def edited(text: str, edits: int, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = "baru"
    return " ".join(words)


CASES = [
    ("repetitive 1.500 words (the probe's case)", "a " * 1500, "a c " * 750),
    ("repetitive 2.000 words", "a " * 2000, "a c " * 1000),
    ("repetitive 5.000 words", "a " * 5000, "a c " * 2500),
    ("prose 3.000 words, 20 scattered edits", prose(3000, 1), edited(prose(3000, 1), 20, 2)),
    ("prose 3.000 words against other prose", prose(3000, 1), prose(3000, 3)),
    ("prose 200 words, 5 edits (typical section)", prose(200, 4), edited(prose(200, 4), 5, 5)),
]

if __name__ == "__main__":
    print(f"{'case':48} {'seconds':>8} {'segments':>9}")
    for label, old, new in CASES:
        start = time.perf_counter()
        result = diff_words(old, new)
        print(f"{label:48} {time.perf_counter() - start:8.3f} {len(result.segments):9d}")
