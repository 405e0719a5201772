"""Objects that hold something open (a pool, a connection, a file) and give it back in
:meth:`Closing.close`, used in a ``with`` block that closes them at its end."""

from __future__ import annotations

from typing import Self


class Closing:
    """``with thing:`` gives ``thing`` and calls its :meth:`close` when the block ends."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
