"""Every service has the same shape (issue 11, item 4): it takes the one `actor` (never an HttpRequest) and
writes its audit row inside its transaction. Read from the source, so a new domain is held to it too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pathmaker

ROOT = Path(pathmaker.__file__).parent
# Where services and reads live; mastery/recording.py is evidence recording, access/records.py a record read.
MODULES = sorted(
    [*ROOT.glob("**/services.py"), *ROOT.glob("**/selectors.py"), ROOT / "mastery/recording.py"],
    key=str,
)
OLD_ACTOR_NAMES = {"by", "recorded_by", "created_by"}


def _functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_service_or_selector_sees_the_http_request(path):
    # (A parameter may still be called `request`: pacing's services take an extension request.)
    assert "HttpRequest" not in path.read_text()
    assert "request.META" not in path.read_text()


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_the_one_who_acts_is_always_an_actor_named_actor(path):
    for fn in _functions(path):
        for arg in fn.args.args + fn.args.kwonlyargs:
            assert arg.arg not in OLD_ACTOR_NAMES, f"{_name(path)}: {fn.name}({arg.arg})"
            if arg.arg == "actor":
                assert arg.annotation is not None and ast.unparse(arg.annotation) == "Actor", (
                    f"{_name(path)}: {fn.name}"
                )


def _in_a_transaction(fn: ast.FunctionDef) -> set[int]:
    """The nodes of `fn` that run inside transaction.atomic (as its decorator or a `with` block)."""
    if any("transaction.atomic" in ast.unparse(d) for d in fn.decorator_list):
        return {id(node) for node in ast.walk(fn)}
    inside = set()
    for block in ast.walk(fn):
        if isinstance(block, ast.With) and any(
            "transaction.atomic" in ast.unparse(item.context_expr) for item in block.items
        ):
            inside |= {id(node) for node in ast.walk(block)}
    return inside


@pytest.mark.parametrize("path", [p for p in MODULES if p != ROOT / "audit/services.py"], ids=_name)
def test_every_service_writes_its_audit_row_inside_its_transaction(path):
    for fn in _functions(path):
        if fn.name.startswith("_"):  # a helper runs inside its caller's transaction
            continue
        inside = _in_a_transaction(fn)
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "audit_record":
                assert id(node) in inside, f"{_name(path)}: {fn.name}, line {node.lineno}"
