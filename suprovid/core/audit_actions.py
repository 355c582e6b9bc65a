"""The registry of audit action codes: one code per event, each with what it records.

Every code a service, view or command writes must be listed here (a test scans the source)
and in docs/audit-actions.md (generated: `manage.py audit_actions > docs/audit-actions.md`).
Codes are dotted `<entity>.<verb-past>`; edits through the admin site use the model name
(`staffingplan.updated`), and so does the staffing-plan import, so one event has one code.
"""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    # Sign-in and accounts
    "login.succeeded": "Password accepted on the login page.",
    "login.failed": "Wrong e-mail or password (the e-mail tried is recorded, never the password).",
    "login.locked_out": "django-axes locked an (e-mail, address) pair after repeated failures.",
    "login.second_factor_confirmed": "A TOTP or recovery code completed the sign-in.",
    "login.logged_out": "The user logged out (or an idle session was ended).",
    "mfa.enrolled": "An authenticator app was enrolled as second factor.",
    "mfa.recovery_codes_created": "New one-time recovery codes replaced the old ones.",
    "user.created": "A staff account was created.",
    "user.updated": "A staff account was edited in the admin site.",
    "user.deleted": "A staff account was deleted in the admin site.",
    "user.password_changed": "A password was changed (own page, admin site or command).",
    "api_token.created": "An API token was issued (only its hash is kept).",
    "api_token.revoked": "An API token was deleted: revoked, expired or password change.",
    # Reads of personal data
    "person.viewed": "A person's record was read: card, edit form or API detail.",
    "person.listed": "A list or search returned persons (the ids returned are recorded).",
    "attachment.downloaded": "An appeal attachment was downloaded.",
    "referral.viewed": "A referral (with the person's data) was opened.",
    "export.downloaded": "A list or report left the system as a file.",
    "subject_access.reported": "A subject-access report on a person was produced.",
    # People
    "person.created": "A person was registered.",
    "person.updated": "A person's record was edited.",
    "person.merged": "A duplicate record was merged into this one.",
    "person.merged_away": "This record was merged into another one.",
    "person.status_added": "A legal status was added.",
    "person.status_removed": "A legal status was removed.",
    "person.family_link_added": "A family link was added.",
    "person.family_link_removed": "A family link was removed.",
    "person.consent_given": "A consent was recorded.",
    "person.consent_withdrawn": "A consent was withdrawn.",
    "person.anonymised": "Retention rules anonymised a person's record.",
    # Appeals
    "appeal.registered": "An appeal was registered.",
    "appeal.imported": "An appeal was loaded by the journal import.",
    "issue.registered": "An issue of an appeal was registered.",
    "issue.updated": "An issue was edited.",
    "issue.taken": "A specialist took an issue.",
    "issue.reassigned": "An issue was given to another specialist.",
    "issue.extended": "An issue's deadline was extended (Law 393/96 art. 20).",
    "issue.deadline_changed": "An issue's deadline was changed.",
    "issue.closed": "An issue was closed with an answer.",
    "issue.reopened": "A closed issue was reopened.",
    "attachment.added": "A file was attached to an appeal.",
    "referral.sent": "An issue was referred to a partner institution.",
    "referral.accepted": "A partner accepted a referral.",
    "referral.declined": "A partner declined a referral.",
    "referral.completed": "A partner completed a referral.",
    "topic.created": "An appeal topic was created in the admin site.",
    "topic.updated": "An appeal topic was edited in the admin site.",
    "topic.deleted": "An appeal topic was deleted in the admin site.",
    # Cases
    "case.opened": "A support case was opened.",
    "case.assigned": "A case was assigned to a specialist.",
    "case.reviewed": "A case review was recorded.",
    "case.closed": "A case was closed.",
    "case.member_added": "A household member was added to a case.",
    "case.need_added": "A need was added to a case.",
    "case.need_updated": "A need was updated.",
    "case.step_added": "A plan step was added.",
    "case.step_done": "A plan step was done.",
    "activity.added": "A contact or activity was recorded on a case.",
    # Network
    "institution.created": "An institution was created.",
    "institution.updated": "An institution was edited.",
    "institution.deleted": "An institution was deleted.",
    "staffingplan.created": "A staffing plan was created (admin site or import).",
    "staffingplan.updated": "A staffing plan was changed (admin site, inline or import).",
    "staffingplan.deleted": "A staffing plan was deleted.",
    "specialist.created": "A specialist was created.",
    "specialist.updated": "A specialist was edited.",
    "specialist.deleted": "A specialist was deleted.",
    # Programmes
    "direction.created": "A programme direction was created.",
    "direction.updated": "A programme direction was edited.",
    "directionbudget.created": "A yearly budget was set.",
    "directionbudget.updated": "A yearly budget was changed.",
    "budget.planned": "A yearly budget was planned.",
    "expenditure.recorded": "An expenditure was recorded.",
    "service.created": "A service was created.",
    "service.updated": "A service was edited (limit, period, …).",
    "distribution.created": "A distribution wave was created.",
    "distribution.updated": "A distribution wave was edited.",
    "distribution.recipients_generated": "The recipients of a wave were generated.",
    "delivery.recorded": "A delivery to a person was recorded.",
    "delivery.cancelled": "A delivery was cancelled.",
    "event.created": "An event was created.",
    "event.updated": "An event was edited.",
    "registration.created": "A person was registered for an event.",
    "registration.updated": "An event registration was changed.",
    "course.created": "A course was created.",
    "course.updated": "A course was edited.",
    "enrolment.created": "A person was enrolled on a course.",
    "enrolment.updated": "A course enrolment was changed.",
}


def is_registered(code: str) -> bool:
    return code in ACTIONS
