"""`GET /api/v1/persons/<id>/subject-access/`: the subject-access report as JSON."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from suprovid.accounts import capabilities as caps
from suprovid.accounts.access import access
from suprovid.people.models import Person

from .subject_access import report_json, subject_access_produce


class SubjectAccessView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="persons_subject_access_retrieve",
        responses={200: OpenApiTypes.OBJECT},
        description=(
            "Everything held on the person (Law 2297-VI art. 8), as the web card's JSON "
            "report: `{produced_at, produced_by, person_id, full_name, law, sections: {person, "
            "statuses, family, consents, appeals, issues, letters, referrals, activities, "
            "cases, deliveries, events, courses, audit, …}, audit_total, audit_listed, "
            "outside_scope}`. For roles with `people.subject_access` (403 otherwise); out of "
            "scope is 404. Audited (`subject_access.reported`)."
        ),
    )
    def get(self, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        # Out of scope is 404 first, as everywhere; then 403 for a role that only looks.
        person = access(
            request.user,
            Person.objects.visible_to(request.user),
            pk,
            view=caps.PEOPLE_VIEW,
            act=caps.PEOPLE_SUBJECT_ACCESS,
        )
        report = subject_access_produce(actor=request.user, person=person, fmt="json")
        response = Response(report_json(report))
        response["Cache-Control"] = "no-store"
        return response
