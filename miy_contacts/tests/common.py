from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval


class MiyCommon(TransactionCase):
    """Base class of the MİY tests: one user per MİY group, no reliance on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user_plain = new_test_user(cls.env, login="miy_plain", name="Plain Employee", groups="base.group_user")
        cls.user_miy = new_test_user(
            cls.env, login="miy_user", name="MİY User", groups="base.group_user,miy_contacts.group_miy_user"
        )
        cls.user_manager = new_test_user(
            cls.env, login="miy_manager", name="MİY Manager", groups="base.group_user,miy_contacts.group_miy_manager"
        )
        cls.user_personal = new_test_user(
            cls.env,
            login="miy_personal",
            name="MİY Personal Data Officer",
            groups="base.group_user,miy_contacts.group_miy_personal_data",
        )


class MiyMenuTests:
    """Mixin: an addon's menus and actions open for a MİY user and stay hidden from others.

    Use as ``class TestMenus(MiyMenuTests, MiyCommon)`` and set ``menu_xmlids`` and
    ``action_xmlids``; a plain mixin, so that importing it adds no test to a module.
    """

    allow_inherited_tests_method = True  # Odoo's loader only takes a class's own test methods otherwise
    menu_xmlids = ()
    action_xmlids = ()
    menu_user = None

    def _visible_menu_ids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {key for key in menus if isinstance(key, int)}

    def assert_menus_visible(self, user):
        visible = self._visible_menu_ids(user)
        root = self.env.ref("miy_contacts.menu_miy_root")
        self.assertIn(root.id, visible, "the MİY application menu must be visible")
        for xmlid in self.menu_xmlids:
            self.assertIn(self.env.ref(xmlid).id, visible, f"{xmlid} must be visible")

    def assert_menus_hidden(self, user):
        visible = self._visible_menu_ids(user)
        self.assertNotIn(self.env.ref("miy_contacts.menu_miy_root").id, visible)
        for xmlid in self.menu_xmlids:
            self.assertNotIn(self.env.ref(xmlid).id, visible, f"{xmlid} must be hidden")

    def assert_actions_open(self, user):
        """The action's dict loads and its first page of records reads as the user."""
        for xmlid in self.action_xmlids:
            action = self.env["ir.actions.actions"].with_user(user)._for_xml_id(xmlid)
            model = self.env[action["res_model"]].with_user(user)
            domain = action.get("domain") or []
            if isinstance(domain, str):
                domain = self._eval_domain(domain, user)
            records = model.search(domain, limit=80)
            # as the web client: the fields of the model the user may read (``groups``)
            readable = set(model.check_field_access_rights("read", None))
            records.read([name for name in list(model._fields)[:20] if name in readable])
            views = [view_type for _view_id, view_type in action["views"]]
            model.get_views([(False, view_type) for view_type in views] + [(False, "search")])

    def _eval_domain(self, domain, user):
        return safe_eval(domain, {"uid": user.id, "user": user})

    def test_menus_visible_to_miy_user(self):
        self.assert_menus_visible(self.menu_user or self.user_miy)

    def test_menus_hidden_without_miy_group(self):
        self.assert_menus_hidden(self.user_plain)

    def test_actions_open_for_miy_user(self):
        self.assert_actions_open(self.menu_user or self.user_miy)

    def assert_access_refused(self, user, model_name):
        with self.assertRaises(AccessError):
            self.env[model_name].with_user(user).search([], limit=1)
