"""No function in lk_portal/ over cyclomatic complexity 15 (docs/architecture.md, «Small functions»)."""

from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parents[2] / "lk_portal"
LIMIT = 15


def _blocks():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for block in cc_visit(path.read_text(encoding="utf-8")):
            yield path.relative_to(ROOT.parent), block
            for method in getattr(block, "methods", ()):
                yield path.relative_to(ROOT.parent), method


def test_no_function_over_the_limit():
    over = [
        f"{path}:{block.lineno} {block.fullname} ({block.complexity})"
        for path, block in _blocks()
        if block.complexity > LIMIT and not hasattr(block, "methods")
    ]
    assert over == [], "split these functions:\n" + "\n".join(over)


def test_the_measure_sees_a_complex_function():
    branches = "\n".join(f"    if x == {n}:\n        return {n}" for n in range(LIMIT + 1))
    (block,) = cc_visit(f"def f(x):\n{branches}\n    return -1\n")
    assert block.complexity > LIMIT
