"""Event coding: CAMEO/PLOVER tables, verb pattern matching, the coder."""
