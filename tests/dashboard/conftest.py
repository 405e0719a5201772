"""Browser fixtures: the real ``attache serve`` on a free port over a real store, and Debian's
headless Chromium driven by Playwright (never a downloaded browser).

When Chromium is missing the browser tests fail, saying how to install it: CI installs it
(``make test`` runs ``scripts/install_browser.sh``), so a skip would hide a broken set-up.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_support import (
    CHART_SOURCE,
    CHART_TARGET,
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    XSS_ARTICLE,
    chart_articles,
    serve,
    shared_conftest,
    stop,
)

from attache.store import open_store


@pytest.fixture(scope="session")
def dashboard_store_path(wikinews_store_path, tmp_path_factory) -> Path:
    """A copy of the coded Wikinews store (with its ``script-test`` article) plus the chart
    dyad's articles and :data:`XSS_ARTICLE`."""
    build_coded = shared_conftest().build_coded
    path = tmp_path_factory.mktemp("dashboard") / "dashboard.sqlite"
    with open_store(wikinews_store_path, read_only=True):
        pass  # the file is complete (its writer closed) before it is copied
    shutil.copyfile(wikinews_store_path, path)
    with open_store(path) as store:
        for coded in chart_articles(build_coded):
            store.write(coded)
        xss = build_coded(XSS_ARTICLE.id, XSS_ARTICLE.text, XSS_ARTICLE.published,
                          events=[(CHART_SOURCE, "040", CHART_TARGET, "asserted")])  # fmt: skip
        xss.article = XSS_ARTICLE
        store.write(xss)
    return path


@pytest.fixture(scope="session")
def dashboard_url(dashboard_store_path) -> Iterator[str]:
    """The base URL of the real ``attache serve`` over :func:`dashboard_store_path`."""
    url, process = serve(dashboard_store_path)
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Headless Chromium (Debian's) with a fresh profile, as a Playwright browser context.

    Module-scoped: Playwright's sync API keeps an event loop set on this thread while it
    runs, which would make ``asyncio.run`` in later tests fail."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(INSTALL_HINT, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


class Watched:
    """A page with the dialogs and console errors seen on it (a CSP violation or a script
    error is a console error)."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: message.type == "error"
                and self.errors.append(message.text))  # fmt: skip
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(chromium) -> Iterator[Watched]:
    """A fresh tab of :func:`chromium`, watched for dialogs and console errors."""
    page = chromium.new_page()
    try:
        yield Watched(page)
    finally:
        page.close()
