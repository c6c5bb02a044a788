"""Quotes sent before win/loss existed: their first sending date from the chatter.

The send wizard posts the quote as a comment (``mail.mt_comment``) on the order; the earliest such
message of an order that left the draft state is taken as its first sending. Orders without one
keep an empty date and stay out of the "days to first sent" averages.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE sale_order so
           SET miy_first_sent_date = sent.date
          FROM (
                SELECT m.res_id, MIN(m.date) AS date
                  FROM mail_message m
                  JOIN ir_model_data d ON d.model = 'mail.message.subtype' AND d.res_id = m.subtype_id
                                      AND d.module = 'mail' AND d.name = 'mt_comment'
                 WHERE m.model = 'sale.order' AND m.message_type IN ('comment', 'email_outgoing')
                 GROUP BY m.res_id
               ) sent
         WHERE sent.res_id = so.id AND so.miy_first_sent_date IS NULL AND so.state != 'draft'
        """
    )
