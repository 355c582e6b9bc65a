"""Writes of the appeals app, one module per section: `registration`, `issues` (the issue's
life and timeline), `referrals`, `decisions` (the head's), `letters` (answers and notices),
`reception`; `common` holds what they share.

Every service is keyword-only, runs in one transaction and writes its audit entry.
Versioned issues are saved with `save_versioned`, so a stale edit is refused. Callers import
from `suprovid.appeals.services`.
"""

from .common import (
    DECIDED_OUTCOMES,
    MAX_ATTACHMENT_BYTES,
    PRIVILEGED_STATUSES,
    ApplicantProfile,
    IssueInput,
    active_status_codes,
    applicant_profile,
    case_involves,
    privileged_statuses,
)
from .decisions import (
    decision_decide,
    decision_propose,
)
from .issues import (
    activity_add,
    attachment_add,
    check_upload,
    issue_close,
    issue_edit,
    issue_extend,
    issue_reassign,
    issue_reopen,
    issue_set_deadline_rule,
    issue_shorten,
    issue_take,
    issues_reassign_bulk,
)
from .letters import (
    appeal_answer_status,
    letter_issue,
)
from .reception import (
    reception_convert,
    reception_record,
    reception_register,
    reception_schedule_create,
)
from .referrals import (
    ReferralAlreadyAnswered,
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
    sharing_consent,
)
from .registration import (
    appeal_register,
    appeal_set_privileged,
    appeal_set_resolution,
    person_quick_create,
    registration_index,
    suggest_sign,
)

__all__ = [
    "DECIDED_OUTCOMES",
    "MAX_ATTACHMENT_BYTES",
    "PRIVILEGED_STATUSES",
    "ApplicantProfile",
    "IssueInput",
    "ReferralAlreadyAnswered",
    "active_status_codes",
    "activity_add",
    "appeal_answer_status",
    "appeal_register",
    "appeal_set_privileged",
    "appeal_set_resolution",
    "applicant_profile",
    "attachment_add",
    "case_involves",
    "check_upload",
    "decision_decide",
    "decision_propose",
    "issue_close",
    "issue_edit",
    "issue_extend",
    "issue_reassign",
    "issue_reopen",
    "issue_set_deadline_rule",
    "issue_shorten",
    "issue_take",
    "issues_reassign_bulk",
    "letter_issue",
    "person_quick_create",
    "privileged_statuses",
    "reception_convert",
    "reception_record",
    "reception_register",
    "reception_schedule_create",
    "referral_accept",
    "referral_complete",
    "referral_decline",
    "referral_send",
    "registration_index",
    "sharing_consent",
    "suggest_sign",
]
