# One module per feature area (one helper branch each when the addon was built).
from . import aftersale, analysis, plan, preparation, preparation_reference, version
from . import aftersale_birthday, aftersale_proposal
from . import analysis_report, analysis_customer_value
from . import plan_line, plan_decision, plan_links
