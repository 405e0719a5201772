"""The web dashboard: server-rendered pages over the Python API, served by ``attache serve``.

Pages (dyad chart and its events, an article with every record highlighted, an actor's
profile, search) are Jinja2 templates with autoescaping and inline SVG, plus one CSS and
one small JS file from ``/static``: nothing to build, no third-party front-end code, and no
inline script or style, so the server's Content-Security-Policy holds. See
:func:`install`.
"""

from attache.dashboard.pages import install

__all__ = ["install"]
