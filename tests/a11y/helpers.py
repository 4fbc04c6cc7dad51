"""axe-core (bundled with axe-playwright-python, injected from the local file: no CDN) on a Playwright page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE = Axe()


def axe_violations(page, *, exclude: list[str] | None = None) -> list[str]:
    """One line per violated WCAG 2.x A/AA rule: rule id, impact and the first offending elements."""
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _AXE.run(page, context=context, options=options)
    lines = []
    for violation in results.response["violations"]:
        targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:4])
        lines.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}x): {targets}")
    return lines
