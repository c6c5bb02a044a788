"""Stored text is data, never code (DESIGN.md, principle 6).

Addon code (tests excluded) must not evaluate text: no ``eval``, ``exec``, ``safe_eval`` (nor
Odoo's ``const_eval`` / ``expr_eval`` / ``test_python_expr``), whether called by name, through a
module attribute or under another name. Domains, templates and settings typed by users are read
as literals (``ast.literal_eval``, or ``miy_contacts/lib/literal_domain.py`` for domains with
placeholders) and their placeholders substituted by our own code.

An exception needs a line in ``ALLOWED`` below - ``(path, function, name): justification`` -
reviewed like any other change. The list is empty and should stay so.
"""

import ast

import pytest

from .addons import ADDONS, ROOT

EVALUATORS = {"eval", "exec", "safe_eval", "const_eval", "expr_eval", "test_python_expr", "compile"}
EVAL_MODULES = {"odoo.tools.safe_eval", "safe_eval"}

# (path relative to the repository, enclosing function, evaluator): why it is safe.
ALLOWED = {}


def addon_sources():
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            if "tests" in path.relative_to(ROOT / addon).parts:
                continue
            yield path


class Finder(ast.NodeVisitor):
    def __init__(self):
        self.found = []  # (line, function, evaluator)
        self.aliases = {}  # local name -> evaluator
        self.modules = set()  # local names of the safe_eval module
        self.function = "<module>"

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ImportFrom(self, node):
        if node.module in EVAL_MODULES or (node.module or "").endswith(".safe_eval"):
            for alias in node.names:
                if alias.name in EVALUATORS:
                    self.aliases[alias.asname or alias.name] = alias.name
                    self.found.append((node.lineno, self.function, f"import {alias.name}"))
        if node.module == "odoo.tools":
            for alias in node.names:
                if alias.name == "safe_eval":
                    self.modules.add(alias.asname or alias.name)
        self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name in EVAL_MODULES:
                self.modules.add(alias.asname or alias.name.split(".")[0])
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        name = None
        if isinstance(func, ast.Name):
            if func.id in EVALUATORS:
                name = func.id
            elif func.id in self.aliases:
                name = self.aliases[func.id]
        elif isinstance(func, ast.Attribute) and func.attr in EVALUATORS - {"compile"}:
            # safe_eval.safe_eval(...), builtins.eval(...); re.compile / pattern.compile are not evaluators
            name = func.attr
        if name:
            self.found.append((node.lineno, self.function, name))
        self.generic_visit(node)


def evaluations():
    for path in addon_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        finder = Finder()
        finder.visit(tree)
        for line, function, name in finder.found:
            yield str(path.relative_to(ROOT)), line, function, name


def test_no_evaluation_of_text_in_addon_code():
    offending = [
        f"{path}:{line} {function}(): {name}"
        for path, line, function, name in evaluations()
        if (path, function, name) not in ALLOWED
    ]
    assert not offending, (
        "Stored text must be data, never code: read it as a literal and substitute placeholders "
        "yourself, or add the call to ALLOWED in tests/test_trust_boundaries.py with its justification:\n"
        + "\n".join(offending)
    )


def test_allow_list_is_current():
    found = {(path, function, name) for path, _line, function, name in evaluations()}
    stale = [entry for entry in ALLOWED if entry not in found]
    assert not stale, f"ALLOWED lists calls that are gone: {stale}"
    for entry, justification in ALLOWED.items():
        assert justification.strip(), f"{entry} needs a justification"


@pytest.mark.parametrize(
    "source",
    [
        "from odoo.tools.safe_eval import safe_eval\ndef f(x):\n    return safe_eval(x)\n",
        "from odoo.tools.safe_eval import safe_eval as run\ndef f(x):\n    return run(x)\n",
        "from odoo.tools import safe_eval\ndef f(x):\n    return safe_eval.safe_eval(x)\n",
        "def f(x):\n    return eval(x)\n",
        "def f(x):\n    exec(x)\n",
        "import builtins\ndef f(x):\n    return builtins.eval(x)\n",
    ],
)
def test_the_check_finds_evaluations(source):
    finder = Finder()
    finder.visit(ast.parse(source))
    assert finder.found


def test_the_check_ignores_literals_and_regexes():
    finder = Finder()
    finder.visit(ast.parse("import ast, re\ndef f(x):\n    re.compile(x)\n    return ast.literal_eval(x)\n"))
    assert not finder.found
