import base64
import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.miy_contacts.tests.common import MiyCommon, MiyMenuTests

from .common import MiyInteractionCommon


@tagged("post_install", "-at_install")
class TestMeasureMenus(MiyMenuTests, MiyCommon):
    menu_xmlids = (
        "miy_interactions.menu_miy_interactions_reporting",
        "miy_interactions.miy_interaction_report_menu",
        "miy_interactions.miy_measure_export_menu",
    )
    action_xmlids = ("miy_interactions.miy_interaction_report_action",)


@tagged("post_install", "-at_install")
class TestMeasures(MiyInteractionCommon):
    """Interactions and visits per customer, user and team, by channel and period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({"name": "Test Kişi", "parent_id": cls.org.id})
        cls.manager_samsun = new_test_user(
            cls.env, login="miy_measure_mgr", groups="base.group_user,miy_contacts.group_miy_manager"
        )
        cls.team_samsun.user_id = cls.manager_samsun
        Interaction = cls.env["miy.interaction"]

        def log(user, partners, channel, day, users=None):
            return Interaction.with_user(user).create(
                {
                    "subject": f"Measure {channel} {day}",
                    "partner_ids": [Command.set(partners.ids)],
                    "user_ids": [Command.set((users or user).ids)],
                    "channel": channel,
                    "date": datetime(2026, 3, day, 10, 0),
                }
            )

        cls.visit = log(cls.user_miy, cls.org | cls.contact, "visit", 5)
        cls.call = log(cls.user_miy, cls.contact, "phone", 6)
        cls.meeting = log(cls.user_colleague, cls.org, "face_to_face", 7)
        cls.mail = log(cls.user_miy, cls.contact, "email", 8, users=cls.user_miy | cls.user_colleague)
        cls.samsun_visit = log(cls.user_other_team, cls.other_person, "visit", 9)
        cls.old_call = log(cls.user_miy, cls.contact, "phone", 1)
        cls.old_call.date = datetime(2025, 1, 1, 9, 0)
        cls.period = [("date", ">=", datetime(2026, 3, 1)), ("date", "<", datetime(2026, 4, 1))]

    def _counts(self, user, groupby):
        groups = (
            self.env["miy.interaction.report"]
            .with_user(user)
            ._read_group(self.period, [groupby], ["interaction_count:count_distinct", "visit_count:count_distinct"])
        )
        return {record: (count, visits) for record, count, visits in groups}

    def test_counts_per_customer_user_team(self):
        self.assertEqual(self._counts(self.user_miy, "partner_id"), {self.org: (4, 2)}, "contact counts for its firm")
        self.assertEqual(self._counts(self.user_miy, "user_id"), {self.user_miy: (3, 1), self.user_colleague: (2, 1)})
        self.assertEqual(self._counts(self.user_miy, "team_id"), {self.team_bursa: (4, 2)}, "shared e-mail once")
        self.assertEqual(
            self._counts(self.manager_samsun, "team_id"), {self.team_samsun: (1, 1)}, "the Samsun manager's team only"
        )
        channels = dict(
            self.env["miy.interaction.report"]
            .with_user(self.user_colleague)
            ._read_group(self.period, ["channel"], ["interaction_count:count_distinct"])
        )
        self.assertEqual(channels, {"visit": 1, "phone": 1, "face_to_face": 1, "email": 1})

    def test_rows_follow_interaction_rules(self):
        Report = self.env["miy.interaction.report"]
        samsun_rows = Report.search([("interaction_id", "=", self.samsun_visit.id)])
        self.assertTrue(samsun_rows)
        self.assertFalse(Report.with_user(self.user_miy).search([("interaction_id", "=", self.samsun_visit.id)]))
        with self.assertRaises(AccessError):
            samsun_rows.with_user(self.user_miy).read(["partner_id"])
        mine = Report.search([("interaction_id", "=", self.call.id)])
        self.assertEqual(mine.with_user(self.user_miy).read(["partner_id"])[0]["partner_id"][0], self.org.id)
        with self.assertRaises(AccessError):
            Report.with_user(self.user_plain).search([])

    def _sheets(self, user, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)):
        wizard = self.env["miy.measure.export"].with_user(user).create({"date_from": date_from, "date_to": date_to})
        action = wizard.action_export()
        self.assertIn(f"id={wizard.id}", action["url"])
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)), read_only=True)
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}

    def test_excel_export(self):
        sheets = self._sheets(self.user_miy)
        self.assertEqual(list(sheets)[:3], ["Customers", "Users", "Teams"])
        headers = sheets["Customers"][0]
        self.assertEqual(headers[:3], ["Customer", "Interactions", "Visits"])
        column = {name: index for index, name in enumerate(headers)}
        org_row = sheets["Customers"][1]
        self.assertEqual(org_row[0], self.org.display_name)
        self.assertEqual(org_row[1:3], [4, 2])
        self.assertEqual(org_row[column["Visit"]], 1)
        self.assertEqual(org_row[column["Face to Face"]], 1)
        self.assertEqual(org_row[column["Phone"]], 1)
        self.assertEqual(org_row[column["E-mail"]], 1)
        self.assertEqual(len(sheets["Customers"]), 2, "the Samsun customer is not the user's to see")
        users = {row[0]: row[1:3] for row in sheets["Users"][1:]}
        self.assertEqual(users, {self.user_miy.name: [3, 1], self.user_colleague.name: [2, 1]})
        self.assertEqual(sheets["Teams"][1:], [["Bursa Sales", 4, 2, 1, 1, 1, 0, 1, 0, 0]])
        # the 2025 call is outside the period; a period covering it counts it
        wide = self._sheets(self.user_miy, date_from=date(2025, 1, 1))
        self.assertEqual(wide["Customers"][1][1:3], [5, 2])

    def test_excel_export_extension_hook(self):
        Export = self.env["miy.measure.export"]
        sheets = Export._miy_measure_sheets(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual([len(sheet) for sheet in sheets], [3] * len(sheets))
        used = set()
        long_name = "A very long customer name: over thirty-one chars"
        first = Export._miy_sheet_name(long_name, used)
        second = Export._miy_sheet_name(long_name, used)
        self.assertEqual(first, "A very long customer name  over")
        self.assertEqual((len(second), second[-4:]), (31, " (2)"))

    def test_export_rejects_reversed_period(self):
        wizard = (
            self.env["miy.measure.export"]
            .with_user(self.user_miy)
            .create({"date_from": date(2026, 4, 1), "date_to": date(2026, 3, 1)})
        )
        with self.assertRaises(UserError):
            wizard.action_export()
        self.assertFalse(wizard.file_data)
