"""``attache.events.tables``: CAMEO codes with Goldstein, quad class and PLOVER type."""

from __future__ import annotations

import pytest

from attache.events.tables import QUAD_CLASS_NAMES, cameo_codes, lookup


def test_unknown_sub_code_falls_back_to_its_parent():
    assert "0431" not in cameo_codes()
    assert lookup("0431") is lookup("043")
    assert lookup("0431").code == "043"
    assert lookup("1959").code == "195"  # 195 has 1951 and 1952 only


def test_unknown_codes_give_none():
    assert lookup("999") is None
    assert lookup("21") is None
    assert lookup("") is None


@pytest.mark.parametrize(
    ("code", "root", "quad", "goldstein", "plover", "mode"),
    [
        ("043", "04", 1, 2.8, "CONSULT", "visit"),
        ("190", "19", 4, -10.0, "ASSAULT", None),
        ("1383", "13", 3, -7.0, "THREATEN", "violence"),
        ("0874", "08", 2, 10.0, "RETREAT", "disarm"),
        ("080", "08", 2, 5.0, "CONCEDE", None),  # CONCEDE/RETREAT: the general one
        ("0813", "08", 2, 5.0, "CONCEDE", None),  # the manual: "removing curfews" concedes
        ("0831", "08", 2, 5.0, "RETREAT", "resign"),  # the manual: resignations are RETREAT
        ("021", "02", 1, 3.4, "REQUEST", "assist"),  # attache maps CAMEO appeals to REQUEST
        ("010", "01", 1, 0.0, None, None),  # 'dropped' in the crosswalk: no PLOVER type
        ("106", "10", 3, -5.0, "REQUEST", "meet"),  # from ICEWS; GDELT lacks it
        ("1213", "12", 3, -4.0, "REJECT", "assist"),  # from ICEWS; GDELT lacks it
    ],
)
def test_readings(code, root, quad, goldstein, plover, mode):
    reading = lookup(code)
    assert reading.code == code
    assert reading.root_code == root
    assert reading.quad_class == quad
    assert reading.goldstein == goldstein
    assert reading.plover_type == plover
    assert reading.plover_mode == mode


def test_codes_are_strings_with_their_leading_zeros():
    codes = cameo_codes()
    assert len(codes) == 312
    assert all(isinstance(code, str) for code in codes)
    assert all(isinstance(reading.root_code, str) for reading in codes.values())
    assert lookup("010").root_code == "01"
    assert lookup("10").name == "DEMAND"  # "10" is root DEMAND, not "010" Make statement
    assert lookup("010").name == "Make statement"


def test_every_code_is_consistent():
    for code, reading in cameo_codes().items():
        assert reading.code == code
        assert code.isdigit() and 2 <= len(code) <= 4
        assert reading.root_code == code[:2]
        assert reading.quad_class in QUAD_CLASS_NAMES
        assert -10.0 <= reading.goldstein <= 10.0
        assert reading.plover_type is None or reading.plover_type.isupper()
        assert reading.plover_type != "dropped" and "/" not in (reading.plover_type or "")
    # GDELT's QuadClass rule: roots 01-05 verbal cooperation ... 15-20 material conflict
    roots = {code: reading.quad_class for code, reading in cameo_codes().items()
             if len(code) == 2}
    assert roots == {f"{n:02d}": 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4
                     for n in range(1, 21)}


def test_unknown_three_digit_code_falls_back_to_its_root():
    assert "099" not in cameo_codes()
    assert lookup("099").code == "09"
    assert lookup("0999").code == "09"
