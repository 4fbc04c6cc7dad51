"""Helpers for the Playwright tests."""

from __future__ import annotations


def fits_viewport(page) -> bool:
    """No sideways scrolling: the page is no wider than the viewport asked for.

    Compared with ``page.viewport_size``, not ``window.innerWidth``: in a mobile context Chromium widens
    ``innerWidth`` to fit an overflowing page (zoomed out), so a check against it could never fail.
    """
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
