"""User-facing messages are whole sentences given to the translator (issue 10, §2).

A Turkish user met English because messages were built in code: an f-string or a concatenation
inside ``_()`` (the translator never sees the sentence, the lookup never matches), an exception
raised with a plain or formatted string, or a translated sentence glued to untranslated text. In
addon code (tests and migrations excluded) this check refuses:

- ``_(...)`` / ``self.env._(...)`` / ``_lt(...)`` whose text is not one literal string (an f-string,
  ``+``, ``%`` or ``.format`` inside the call);
- ``raise UserError|ValidationError|AccessError|RedirectWarning|MissingError(...)`` whose message is
  not a translated call (a literal, an f-string, a concatenation...);
- a translated call glued to other text with ``+`` or formatted with ``.format`` (use named
  placeholders: ``_("%(name)s is late", name=...)``).

An exception needs a line in ``ALLOWED`` below - ``(path, line text stripped): justification``.
"""

import ast

import pytest

from .addons import ADDONS, ROOT

TRANSLATORS = {"_", "_lt"}
EXCEPTIONS = {"UserError", "ValidationError", "AccessError", "RedirectWarning", "MissingError", "AccessDenied"}

# (path relative to the repository, enclosing function): why the message need not be translated.
ALLOWED = {}


def addon_sources():
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            parts = path.relative_to(ROOT / addon).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield path


def is_translation(node):
    """``_(...)``, ``_lt(...)``, ``<anything>.env._(...)`` or ``env._(...)``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in TRANSLATORS
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "_"
        and (
            (isinstance(func.value, ast.Attribute) and func.value.attr == "env")
            or (isinstance(func.value, ast.Name) and func.value.id == "env")
        )
    )


def is_literal(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def is_untranslated_text(node):
    """Text built here rather than by a translation (or by a helper that returns one): a literal,
    an f-string, a concatenation or %-formatting, ``"...".format(...)`` or ``str(...)``."""
    if is_literal(node) or isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "str":
            return True
        if isinstance(func, ast.Attribute) and func.attr == "format" and not is_translation(func.value):
            return True
    return False


class Finder(ast.NodeVisitor):
    def __init__(self):
        self.found = []  # (line, function, problem)
        self.function = "<module>"

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def add(self, node, problem):
        self.found.append((node.lineno, self.function, problem))

    def visit_Call(self, node):
        if is_translation(node):
            if not node.args or not is_literal(node.args[0]):
                kind = type(node.args[0]).__name__ if node.args else "nothing"
                self.add(node, f"translated text is not one literal string ({kind})")
        elif isinstance(node.func, ast.Attribute) and node.func.attr == "format" and is_translation(node.func.value):
            self.add(node, "translated text formatted with .format(): use named placeholders in _()")
        self.generic_visit(node)

    def visit_BinOp(self, node):
        if isinstance(node.op, ast.Add) and (is_translation(node.left) or is_translation(node.right)):
            self.add(node, "translated text glued to other text with +: one sentence in _() instead")
        self.generic_visit(node)

    def visit_Raise(self, node):
        exc = node.exc
        if isinstance(exc, ast.Call):
            name = exc.func.id if isinstance(exc.func, ast.Name) else getattr(exc.func, "attr", "")
            if name in EXCEPTIONS and exc.args:
                message = exc.args[0]
                if is_untranslated_text(message):
                    self.add(node, f"{name} raised with an untranslated message ({type(message).__name__})")
        self.generic_visit(node)


def findings():
    result = []
    for path in addon_sources():
        finder = Finder()
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        relative = str(path.relative_to(ROOT))
        for line, function, problem in finder.found:
            if (relative, function) not in ALLOWED:
                result.append(f"{relative}:{line} ({function}): {problem}")
    return result


def test_messages_are_whole_translated_sentences():
    problems = findings()
    assert not problems, "User-facing messages built outside _():\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        "_(f'{x} created')",
        "self.env._('Rejected: ' + str(n))",
        "_('%s created' % name)",
        "_('{} created'.format(name))",
        "raise UserError(f'{name} is late')",
        "raise ValidationError('Not allowed')",
        "raise UserError('Total: ' + str(total))",
        "raise UserError('{} is late'.format(name))",
        "raise UserError(str(error))",
        "label = _('Customer') + ': ' + name",
        "text = self.env._('{name} created').format(name=name)",
    ],
)
def test_the_check_catches(source):
    finder = Finder()
    finder.visit(ast.parse(source))
    assert finder.found, source


@pytest.mark.parametrize(
    "source",
    [
        "_('%(name)s created', name=name)",
        "self.env._('Rejected: %(count)s', count=n)",
        "raise UserError(self.env._('%(name)s is late', name=name))",
        "raise UserError(message)",
        "raise ValidationError(exc.args[0])",
        "raise ValidationError(self._syntax_error_message(error))",
    ],
)
def test_the_check_accepts(source):
    finder = Finder()
    finder.visit(ast.parse(source))
    assert not finder.found, source
