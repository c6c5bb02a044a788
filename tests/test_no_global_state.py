"""No state in Python globals (DESIGN.md, principle 3: multi-worker safe).

Odoo runs several worker processes (and threads): what one worker keeps in a module-level
variable, a class attribute or an ``ormcache`` the others do not see, and a cache of data users
change goes stale in the other workers unless it is cleared through the registry (which Odoo
signals to every worker). So addon code (tests and migrations excluded) must not:

- change a module-level or class-level container (``X[k] = v``, ``X.append(...)``, ``X.update``,
  ``del X[k]``...) or rebind a module variable with ``global``;
- cache with ``ormcache`` / ``lru_cache`` / ``functools.cache``: MİY has none; one that is added
  needs a line in ``ALLOWED`` naming the writes that clear it (and a test that they do).

Per-call caches (a dict passed down, ``cr.cache``, the ORM's own caches) are fine.
"""

import ast

import pytest

from .addons import ADDONS, ROOT

MUTATORS = {"append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault", "add", "discard"}
CACHES = {"ormcache", "ormcache_context", "lru_cache", "cache", "cached_property"}

# (path relative to the repository, name): the writes that clear it and the test that proves it.
ALLOWED = {}


def addon_sources():
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            parts = path.relative_to(ROOT / addon).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield path


def _shared_names(tree):
    """Names bound at module level, and attributes bound in class bodies, to a container."""
    containers = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    module, classes = set(), set()

    def targets(node):
        if isinstance(node, ast.Assign):
            return node.targets, node.value
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            return [node.target], node.value
        return [], None

    for node in tree.body:
        names, value = targets(node)
        if isinstance(value, containers) or (
            isinstance(value, ast.Call) and getattr(value.func, "id", "") in {"dict", "list", "set", "defaultdict"}
        ):
            module |= {target.id for target in names if isinstance(target, ast.Name)}
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                names, value = targets(item)
                if isinstance(value, containers):
                    classes |= {target.id for target in names if isinstance(target, ast.Name)}
    return module, classes


def problems_of(source, name="<source>"):
    tree = ast.parse(source)
    module, classes = _shared_names(tree)
    found = []

    def shared(node):
        """``X`` (a module container) or ``self.X`` / ``cls.X`` (a class container)."""
        if isinstance(node, ast.Name):
            return node.id in module
        return (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in {"self", "cls"}
            and node.attr in classes
        )

    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in function.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            label = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if label in CACHES and (name, function.name) not in ALLOWED:
                found.append(f"{name}:{function.lineno} {function.name}: cached with {label}")
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found.append(f"{name}:{node.lineno} {function.name}: global {', '.join(node.names)}")
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                for target in node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]:
                    if isinstance(target, ast.Subscript) and shared(target.value):
                        found.append(f"{name}:{node.lineno} {function.name}: writes into shared {ast.unparse(target)}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in MUTATORS and shared(node.func.value):
                    found.append(f"{name}:{node.lineno} {function.name}: changes shared {ast.unparse(node.func)}")
    return found


@pytest.mark.parametrize("path", list(addon_sources()), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_state_in_python_globals(path):
    problems = problems_of(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "state kept in Python globals (each worker would have its own):\n" + "\n".join(problems)


def test_checker_finds_shared_state():
    source = """
from odoo import models, tools
SEEN = {}
LIMITS = [1, 2]
class M(models.Model):
    _memo = {}
    def a(self):
        SEEN[self.id] = True
    def b(self):
        LIMITS.append(3)
    def c(self):
        self._memo.setdefault(1, 2)
    def d(self):
        global COUNTER
    @tools.ormcache("self.id")
    def e(self):
        return 1
    def fine(self, cache):
        local = {}
        local[1] = 2
        cache[3] = 4
        return SEEN.get(1)
"""
    found = problems_of(source)
    assert [line.split(" ", 1)[1].split(":")[0] for line in found] == ["a", "b", "c", "d", "e"], found
