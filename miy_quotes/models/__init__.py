# One module per feature area (one helper branch each when the addon was built).
from . import aftersale, analysis, plan, preparation, version
from . import plan_line, plan_decision, plan_links
