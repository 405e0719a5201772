"""attache.dedup.text: shingles, resemblance, MinHash band keys, evidence similarity."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from attache.dedup import (
    band_keys,
    evidence_similarity,
    jaccard,
    resemblance,
    shingle_hashes,
    signature,
    words,
)

STORY = (
    "Russian troops attacked Ukrainian positions near Kharkiv on Monday, the Ukrainian "
    "defence ministry said. The United States condemned the attack and called for talks. "
    "Officials in Kyiv said two soldiers were wounded in the shelling of the village."
)


def test_words_are_lower_cased_runs_of_letters_and_digits():
    assert words("U.S. troops, 2,000 of them, LEFT Kabul!") == [
        "u", "s", "troops", "2", "000", "of", "them", "left", "kabul",
    ]  # fmt: skip


def test_shingles_are_a_sorted_set_and_order_matters():
    hashes = shingle_hashes("a b c d e a b c d e", 5)
    assert hashes.dtype == np.uint64
    assert len(hashes) == 5  # "a b c d e" twice counts once
    assert list(hashes) == sorted(hashes)
    assert not np.array_equal(shingle_hashes("a b c", 3), shingle_hashes("c b a", 3))
    assert len(shingle_hashes("too short", 5)) == 1
    assert len(shingle_hashes(" ... ", 5)) == 0


def test_resemblance_is_the_jaccard_index_of_the_shingle_sets():
    first = shingle_hashes("one two three four five six", 2)  # 5 shingles
    second = shingle_hashes("one two three four five seven", 2)  # 4 shared of 6
    assert resemblance(first, second) == pytest.approx(4 / 6)
    assert resemblance(first, first) == 1.0
    assert resemblance(first, shingle_hashes("", 2)) == 0.0
    assert resemblance(shingle_hashes("", 2), shingle_hashes("", 2)) == 0.0


def test_a_lightly_edited_copy_resembles_its_story():
    copy = STORY.replace("called for", "urged")  # one edit costs 5 of 36 shingles
    other = "Chinese and Japanese envoys met in Tokyo to discuss fishing rights in the sea."
    hashes = shingle_hashes(STORY, 5)
    assert resemblance(hashes, shingle_hashes(copy, 5)) > 0.7
    assert resemblance(hashes, shingle_hashes(other, 5)) == 0.0


def test_min_hashes_agree_about_as_often_as_the_sets_resemble():
    first = shingle_hashes(" ".join(f"w{n}" for n in range(400)), 1)
    second = shingle_hashes(" ".join(f"w{n}" for n in range(100, 500)), 1)  # 300/500
    agree = np.mean(signature(first, 512) == signature(second, 512))
    assert agree == pytest.approx(0.6, abs=0.08)
    assert len(signature(shingle_hashes("", 5), 10)) == 0


def test_band_keys_are_signed_64_bit_and_shared_by_copies():
    hashes = shingle_hashes(STORY, 5)
    keys = band_keys(hashes, 24, 3)
    assert len(keys) == 24 and all(-(2**63) <= key < 2**63 for key in keys)
    assert len(set(keys)) == 24  # the band number is part of the key
    copy = shingle_hashes(STORY.replace("two soldiers", "three soldiers"), 5)
    assert set(keys) & set(band_keys(copy, 24, 3))
    other = shingle_hashes("Chinese and Japanese envoys met in Tokyo to discuss trade.", 5)
    assert not set(keys) & set(band_keys(other, 24, 3))
    assert band_keys(shingle_hashes("", 5), 24, 3) == []


def test_hashes_never_change():
    """Band keys are stored: a later version or another process must compute the same."""
    text = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."
    expected = [-8901067652447018133, 1774021763460897975, -6106998413311153186,
                2334383101181741870]  # fmt: skip
    assert band_keys(shingle_hashes(text, 5), 4, 3) == expected
    code = (
        "from attache.dedup import band_keys, shingle_hashes;"
        f"print(band_keys(shingle_hashes({text!r}, 5), 4, 3))"
    )
    other_process = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                   text=True, check=True, env={"PYTHONHASHSEED": "123"})
    assert other_process.stdout.strip() == str(expected)


def test_evidence_similarity_compares_word_sets():
    sentence = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."
    assert evidence_similarity(sentence, sentence.upper()) == 1.0
    reworded = "Russian forces attacked Ukrainian positions near Kharkiv on Monday."
    assert evidence_similarity(sentence, reworded) == pytest.approx(8 / 10)
    assert evidence_similarity(sentence, "Russian artillery shelled Izium.") < 0.2
    assert jaccard(set(), set()) == 0.0
