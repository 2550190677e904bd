"""axe-core in the page, and the 关怀版 checks axe has no rule for (7:1 contrast, 44 px targets)."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, plus axe's best practices (headings in order, one main landmark, regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {
    passed: result.passes.map(r => r.id),
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    })),
  };
}"""

RUN_ENHANCED_CONTRAST = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']}});
  return result.violations.flatMap(v => v.nodes.slice(0, 5).map(n => n.target.join(' ')));
}"""

SMALL_TARGETS = """() => [...document.querySelectorAll('a[href], button, summary, input, select')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => !el.classList.contains('skip-link'))
  .map(el => ({el, box: el.getBoundingClientRect()}))
  .filter(({box}) => box.width < 44 || box.height < 44)
  .map(({el, box}) => `${el.tagName} ${el.textContent.trim().slice(0, 20)} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


def violations(page, care=False):
    """(ids of the rules that passed, violations) of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    found = result["violations"]
    if care:
        low_contrast = page.evaluate(RUN_ENHANCED_CONTRAST)
        if low_contrast:
            found.append({"id": "contrast below 7:1", "nodes": low_contrast})
        small = page.evaluate(SMALL_TARGETS)
        if small:
            found.append({"id": "targets below 44x44", "nodes": small[:5]})
    return set(result["passed"]), found
