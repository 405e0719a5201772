"""The ``attache`` command line: a thin layer over the library (see :mod:`attache.cli.main`)."""
