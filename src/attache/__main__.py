"""``python -m attache``: the same as the ``attache`` command."""

from attache.cli.main import main

raise SystemExit(main())
