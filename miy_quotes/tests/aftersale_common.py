from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.miy_contacts.tests.common import MiyCommon


class MiyAftersaleCommon(MiyCommon):
    """Fixtures of the after-sale features: a serial-tracked machine with a warranty, its
    consumable and maintenance contract, two customers with their salespeople."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.salesman = new_test_user(
            env,
            login="as_salesman",
            name="Can Satış",
            groups="sales_team.group_sale_salesman,miy_contacts.group_miy_user",
        )
        cls.other_salesman = new_test_user(
            env,
            login="as_salesman2",
            name="Ece Satış",
            groups="sales_team.group_sale_salesman,miy_contacts.group_miy_user",
        )
        cls.sale_manager = new_test_user(
            env,
            login="as_sale_manager",
            name="Selin Müdür",
            groups="sales_team.group_sale_manager,miy_contacts.group_miy_user,stock.group_stock_user",
        )
        cls.portal_user = new_test_user(env, login="as_portal", name="Portal Bayi", groups="base.group_portal")
        cls.maintenance = env["product.product"].create({"name": "Bakım Sözleşmesi", "type": "service"})
        cls.coolant = env["product.product"].create({"name": "Soğutma Sıvısı", "type": "consu"})
        cls.tool_set = env["product.product"].create({"name": "Takım Seti", "type": "consu"})
        cls.machine = env["product.product"].create(
            {
                "name": "CNC Torna",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "miy_warranty_months": 24,
                "miy_consumable_product_ids": [Command.link(cls.coolant.id)],
                "miy_maintenance_product_id": cls.maintenance.id,
                "optional_product_ids": [Command.link(cls.tool_set.product_tmpl_id.id)],
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Nilüfer Gıda", "is_company": True, "user_id": cls.salesman.id, "email": "info@nilufer.example"}
        )
        cls.other_customer = env["res.partner"].create(
            {"name": "Gemlik Tekstil", "is_company": True, "user_id": cls.other_salesman.id}
        )

    @classmethod
    def _deliver(cls, customer, serials, user=None):
        """A confirmed order of one machine per serial, delivered (validated)."""
        env = cls.env
        lots = env["stock.lot"].create(
            [{"name": serial, "product_id": cls.machine.id, "company_id": cls.company.id} for serial in serials]
        )
        for lot in lots:
            env["stock.quant"]._update_available_quantity(cls.machine, cls.stock_location, 1, lot_id=lot)
        order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": (user or customer.user_id).id,
                "order_line": [Command.create({"product_id": cls.machine.id, "product_uom_qty": len(serials)})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.write({"picked": True})
        picking.button_validate()
        return order, picking, lots

    @classmethod
    def _return(cls, picking, lot):
        env = cls.env
        wizard = Form(
            env["stock.return.picking"].with_context(
                active_ids=picking.ids, active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1
        res = wizard.action_create_returns()
        return_picking = env["stock.picking"].browse(res["res_id"])
        move = return_picking.move_ids
        move.move_line_ids.unlink()
        env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": return_picking.id,
                "product_id": cls.machine.id,
                "lot_id": lot.id,
                "quantity": 1,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
        move.picked = True
        return_picking.button_validate()
        return return_picking
