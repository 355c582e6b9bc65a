"""The programmes app's pages, one module per section: `catalogue` (directions, budgets),
`services`, `distributions` (waves, check-in, deliveries), `events`, `courses`; `common` holds
what they share. `urls.py` names them as `views.<name>`."""

from .catalogue import (
    catalogue,
    direction_budget,
    direction_create,
    direction_detail,
    direction_edit,
    direction_expenditure,
)
from .courses import (
    course_create,
    course_detail,
    course_edit,
    course_enrol,
    enrolment_edit,
)
from .distributions import (
    delivery_create,
    distribution_checkin,
    distribution_counters,
    distribution_create,
    distribution_detail,
    distribution_edit,
    distribution_generate,
    distribution_issue,
)
from .events import (
    event_create,
    event_detail,
    event_edit,
    event_register,
    registration_update,
)
from .services import (
    service_create,
    service_detail,
    service_edit,
)

__all__ = [
    "catalogue",
    "course_create",
    "course_detail",
    "course_edit",
    "course_enrol",
    "delivery_create",
    "direction_budget",
    "direction_create",
    "direction_detail",
    "direction_edit",
    "direction_expenditure",
    "distribution_checkin",
    "distribution_counters",
    "distribution_create",
    "distribution_detail",
    "distribution_edit",
    "distribution_generate",
    "distribution_issue",
    "enrolment_edit",
    "event_create",
    "event_detail",
    "event_edit",
    "event_register",
    "registration_update",
    "service_create",
    "service_detail",
    "service_edit",
]
