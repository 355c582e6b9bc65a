"""`/api/v1/cases/`: support cases in scope; out of scope is 404."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can
from suprovid.accounts.models import User
from suprovid.cases import services
from suprovid.cases.filters import CaseFilter
from suprovid.cases.models import SupportCase
from suprovid.network.models import Institution
from suprovid.network.staff import staff_choices
from suprovid.people.models import Person

from .serializers import CaseOpenSerializer, SupportCaseSerializer


class SupportCaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SupportCase]
):
    serializer_class = SupportCaseSerializer
    filterset_class = CaseFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return SupportCase.objects.none()
        if not user_can(self.request.user, caps.ISSUES_WORK):
            raise Http404
        # Filters and order: `CaseFilter` (status, mine, q), as on the web list.
        return SupportCase.objects.visible_to(self.request.user).prefetch_related("members")

    @extend_schema(request=CaseOpenSerializer, responses={201: SupportCaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        if not user_can(user, caps.ISSUES_WORK):
            raise Http404
        data = CaseOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        persons = Person.objects.visible_to(user).active()
        primary = persons.filter(pk=v["primary_person"]).first()
        institution = (
            Institution.objects.visible_to(user).filter(code=v["institution_code"]).first()
        )
        errors: dict[str, str] = {}
        if primary is None:
            errors["primary_person"] = _("Unknown person.")
        if institution is None:
            errors["institution_code"] = _("Unknown institution.")
        specialist = None
        if v["specialist_email"]:
            # Only colleagues the user may give work to: the specialist comes to see the case.
            specialist = staff_choices(user).filter(email__iexact=v["specialist_email"]).first()
            if specialist is None:
                errors["specialist_email"] = _("No specialist in your scope with this e-mail.")
        members = []
        for m in v["members"]:
            person = persons.filter(pk=m["person"]).first()
            if person is None:
                errors["members"] = _("Unknown person.")
            else:
                members.append((person, m.get("relation", "")))
        if errors:
            raise serializers.ValidationError(errors)
        assert primary is not None and institution is not None
        case = services.case_open(
            actor=user,
            primary_person=primary,
            institution=institution,
            specialist=specialist,
            members=members,
        )
        return Response(SupportCaseSerializer(case).data, status=status.HTTP_201_CREATED)
