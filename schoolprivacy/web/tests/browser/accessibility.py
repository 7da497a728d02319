"""Accessibility checks with axe-core, run inside the page under test.

axe-core comes from npm (package.json pins it; `npm ci` puts it in node_modules/). It is injected
with `page.evaluate` because the CSP rightly refuses a <script> tag it does not know.
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page

AXE_PATH = Path(settings.PROJECT_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 level A and AA: what Dutch public-sector websites must meet (EN 301 549).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@cache
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def _describe(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} serious or critical problem(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"  at {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {summary[:300]}")
    return "\n".join(lines)


def check_accessibility(page: Page) -> None:
    """Fail when axe finds a serious or critical WCAG 2.1 A/AA problem on the current page."""
    # Never between two documents: a check right after a click may otherwise meet an empty one.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        # Violations only: collecting the passes too doubles axe's time and is never read.
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        report = _describe(page.url, blocking)
        print(report)
        raise AssertionError(report)
