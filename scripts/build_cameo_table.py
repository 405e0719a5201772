"""Build src/attache/data/cameo/cameo_event_codes.csv from the shared CAMEO reference tables.

Keeps the columns the coder needs (codes, names, Goldstein, quad class, PLOVER crosswalk)
and drops the CAMEO manual prose. Deliberate changes to the 2021 draft crosswalk, where the
PLOVER manual (version 2.0, ``spec/PLOVER_MANUAL.tex``) says otherwise:

* CAMEO 02 (APPEAL) is unmapped in the draft: PLOVER's REQUEST covers "all requests,
  demands, and orders", so appeals become REQUEST with the mode their sub-code names
  (assist / change / yield / meet);
* :data:`MANUAL_READINGS`: codes the manual's own definitions and ambiguity notes place in
  another type, each with the sentence of the manual that says so. (The manual would also
  make intents to yield, 035, and apologies, 055, CONCEDE; the PLOVER gold-standard records
  of the CAMEO manual keep them AGREE and SUPPORT, so the crosswalk's reading stays.)
Run from the repository root:

    python scripts/build_cameo_table.py ../shared/data/cameo/derived/cameo_event_codes.csv
"""

import csv
import sys
from pathlib import Path

KEEP = [
    "code", "level", "root_code", "parent_code", "name", "goldstein_gdelt",
    "goldstein_icews", "goldstein_phoenix", "quadclass_gdelt", "pentaclass_phoenix",
    "plover_event", "plover_mode", "plover_context",
]
TARGET = Path("src/attache/data/cameo/cameo_event_codes.csv")
#: CAMEO 02x appeal -> PLOVER REQUEST mode (PLOVER manual, REQUEST modes).
APPEAL_MODES = {"021": "assist", "022": "assist", "023": "assist", "024": "change",
                "025": "yield", "026": "meet", "027": "meet", "028": "meet"}


#: CAMEO code (and its sub-codes) -> (PLOVER type, mode, the manual's words).
MANUAL_READINGS = {
    "0871": ("CONCEDE", "", "CONCEDE: 'declarations (but not implementations) of ceasefires'"),
    "0813": ("CONCEDE", "", "CONCEDE: 'easing of administrative or legal restrictions on "
                            "persons and organizations, removing curfews'"),
    "0814": ("CONCEDE", "", "CONCEDE: 'easing of administrative or legal restrictions on "
                            "persons and organizations' (a state of emergency is one)"),
    "0831": ("RETREAT", "resign", "RETREAT: 'RETREAT also covers resignations of government "
                                  "officials' (mode resign: 'Official resignation')"),
    "116": ("SANCTION", "convict", "SANCTION convict: 'Find an entity or behavior guilty ... "
                                   "in a court of law'"),
    "163": ("SANCTION", "discontinue", "SANCTION discontinue: 'International (political or "
                                       "economic) sanctions are coded as discontinue'"),
}


def manual_reading(code: str) -> tuple[str, str] | None:
    """The manual's (type, mode) for ``code`` or the nearest listed code above it."""
    for length in range(len(code), 1, -1):
        if code[:length] in MANUAL_READINGS:
            event, mode, _ = MANUAL_READINGS[code[:length]]
            return event, mode
    return None


def main(source: str) -> None:
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=KEEP, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            if row["root_code"] == "02":
                row["plover_event"] = "REQUEST"
                row["plover_mode"] = APPEAL_MODES.get(row["code"][:3], "")
            reading = manual_reading(row["code"])
            if reading is not None:
                row["plover_event"], row["plover_mode"] = reading
            writer.writerow({key: row[key] for key in KEEP})
    print(f"wrote {len(rows)} codes to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
