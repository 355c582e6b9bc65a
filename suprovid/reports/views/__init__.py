"""The reports app's pages, one module per section: `dashboard`, `summary` (table, spreadsheet,
PDF), `lists` (drill-downs and exports), `quarterly`, `open_data`; `common` holds what they
share. `urls.py` names them as `views.<name>`."""

from .dashboard import (
    dashboard,
)
from .lists import (
    appeals_list,
    caseload_export,
    cases_list,
    helped_list,
    issues_list,
    positions_export,
    specialists_list,
)
from .open_data import (
    OPEN_DATA_HEADER,
    open_data_view,
)
from .quarterly import (
    quarterly,
)
from .summary import (
    summary_export,
    summary_pdf_view,
)

__all__ = [
    "OPEN_DATA_HEADER",
    "appeals_list",
    "caseload_export",
    "cases_list",
    "dashboard",
    "helped_list",
    "issues_list",
    "open_data_view",
    "positions_export",
    "quarterly",
    "specialists_list",
    "summary_export",
    "summary_pdf_view",
]
