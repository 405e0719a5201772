"""Build src/attache/data/cameo/cameo_event_codes.csv from the shared CAMEO reference tables.

Keeps the columns the coder needs (codes, names, Goldstein, quad class, PLOVER crosswalk)
and drops the CAMEO manual prose. One deliberate change to the 2021 crosswalk, which leaves
CAMEO 02 (APPEAL) unmapped: PLOVER's REQUEST covers "all requests, demands, and orders",
so appeals become REQUEST with the mode their sub-code names (assist / change / yield / meet).
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
            writer.writerow({key: row[key] for key in KEEP})
    print(f"wrote {len(rows)} codes to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
