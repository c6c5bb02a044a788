import re

from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

# Integer fields that hold a year, a code or a number to read as typed (never an amount)
JS_NAMES = {"false": False, "true": True}  # the web client also reads options written the JavaScript way
NOT_AN_AMOUNT = re.compile(r"(^|_)(year|years|code|extension|number|no)$")


@tagged("post_install", "-at_install")
class TestNumberFormat(TransactionCase):
    """A year or a code is shown as typed ("2011"), never with a thousands separator ("2.011")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="miy_number_format",
            groups="base.group_user,miy_contacts.group_miy_manager,miy_contacts.group_miy_personal_data",
        )

    def _walk(self, node, model, view, found):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                field = model._fields.get(child.get("name"))
                if field is None:
                    continue
                if field.type == "integer" and NOT_AN_AMOUNT.search(field.name):
                    options = safe_eval(child.get("options") or "{}", JS_NAMES)
                    if options.get("enable_formatting", True) is not False:
                        found.append(f"{view.xml_id or view.name}: {model._name}.{field.name}")
                if field.type in ("one2many", "many2many"):
                    self._walk(child, self.env[field.comodel_name], view, found)
                continue
            self._walk(child, model, view, found)

    def test_years_and_codes_have_no_thousands_separator(self):
        view_ids = (
            self.env["ir.model.data"]
            .search([("module", "=like", "miy\\_%"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        roots = self.env["ir.ui.view"]
        for view in self.env["ir.ui.view"].browse(view_ids):
            while view.inherit_id and view.mode != "primary":
                view = view.inherit_id
            roots |= view
        roots = roots.filtered(
            lambda v: v.type in ("form", "list", "kanban")
            and v.model in self.env
            and self.env[v.model].with_user(self.user).has_access("read")
        )
        self.assertTrue(roots)
        checked = set()
        found = []
        for view in roots:
            model = self.env[view.model].with_user(self.user)
            arch = etree.fromstring(model.get_view(view.id, view.type)["arch"])
            self._walk(arch, self.env[view.model], view, found)
            checked.add(view.model)
        self.assertIn("res.partner", checked)
        self.assertFalse(found, "years and codes shown with thousands separators:\n" + "\n".join(found))

    def test_graduation_year_in_profile(self):
        arch = (
            self.env["res.partner"]
            .with_user(self.user)
            .get_view(self.env.ref("base.view_partner_form").id, "form")["arch"]
        )
        node = etree.fromstring(arch).xpath("//field[@name='miy_education_ids']//field[@name='graduation_year']")
        self.assertTrue(node, "the schools list shows the graduation year")
        self.assertEqual(safe_eval(node[0].get("options"), JS_NAMES), {"enable_formatting": False})
