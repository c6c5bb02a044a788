"""Every elevated call in addon code is reviewed: listed, counted and justified in
``<addon>/security/sudo_review.txt`` (see tests/sudo_review.py for what counts and how)."""

import textwrap

import pytest

from .addons import ADDONS, ROOT
from .sudo_review import read_review, review_problems, scan_source


@pytest.mark.parametrize("addon", ADDONS)
def test_elevated_calls_are_reviewed(addon):
    problems = review_problems(ROOT / addon)
    assert not problems, (
        f"{len(problems)} problem(s) with the elevated calls of {addon} "
        "(every sudo() / with_user(SUPERUSER_ID) / env(su=True) in addon code is listed, counted and "
        "justified in <addon>/security/sudo_review.txt; see README.md, 'Elevated calls'):\n"
        + "\n".join(f"- {problem}" for problem in problems)
    )


def test_scanner_finds_every_form_of_elevation():
    source = textwrap.dedent(
        """
        from odoo import SUPERUSER_ID, api, models

        ADMIN = api.Environment(None, SUPERUSER_ID, {})


        def helper(env, partners):
            return partners.sudo().filtered("is_company")


        class Partner(models.Model):
            _inherit = "res.partner"

            def lowered(self):
                return self.sudo(False), self.sudo(flag=False), self.with_user(self.env.uid)

            def elevated(self):
                a = self.with_user(SUPERUSER_ID)
                b = self.with_env(self.env(su=True))
                c = self.env(user=SUPERUSER_ID)
                d = self.mapped(lambda p: p.sudo().name)
                e = api.Environment(self.env.cr, self.env.uid, {}, su=True)
                return a, b, c, d, e

            def outer(self):
                def inner(records):
                    return records.sudo()

                return inner(self.sudo())
        """
    )
    found = {name: len(calls) for name, calls in scan_source(source).items()}
    assert found == {
        "<module>": 1,
        "helper": 1,
        "Partner.elevated": 5,
        "Partner.outer": 1,
        "Partner.outer.inner": 1,
    }


def test_review_reports_unlisted_miscounted_stale_and_unjustified(tmp_path):
    addon = tmp_path / "miy_example"
    (addon / "models").mkdir(parents=True)
    (addon / "tests").mkdir()
    (addon / "migrations" / "18.0.1.0.1").mkdir(parents=True)
    (addon / "models" / "partner.py").write_text(
        "class Partner:\n"
        "    def a(self):\n        return self.sudo()\n"
        "    def b(self):\n        return self.sudo(), self.sudo()\n"
        "    def c(self):\n        return self.sudo()\n"
    )
    (addon / "tests" / "test_partner.py").write_text("def test(env):\n    env['res.partner'].sudo()\n")
    (addon / "migrations" / "18.0.1.0.1" / "post-migrate.py").write_text("def migrate(cr, v):\n    x.sudo()\n")
    assert any("models/partner.py::Partner.a  1  <why" in problem for problem in review_problems(addon))

    (addon / "security").mkdir()
    (addon / "security" / "sudo_review.txt").write_text(
        "# reviewed\n"
        "models/partner.py::Partner.a  1  reads the company's setting; no user value reaches it\n"
        "models/partner.py::Partner.b  1  one call only\n"
        "models/partner.py::Partner.c  1\n"
        "models/partner.py::Partner.gone  1  was removed\n"
        "not a valid line\n"
    )
    entries, _ = read_review(addon)
    assert entries["models/partner.py::Partner.a"][0] == 1
    problems = "\n".join(review_problems(addon))
    assert "Partner.a" not in problems
    assert "Partner.b has 2 elevated call(s)" in problems and "set the count to 2" in problems
    assert "Partner.c has no justification" in problems
    assert "Partner.gone has no elevated call any more" in problems
    assert "malformed line" in problems
    assert "test_partner" not in problems and "migrate" not in problems
