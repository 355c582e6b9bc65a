"""`/api/v1/appeals/`, `/api/v1/issues/`, `/api/v1/referrals/`: scoped; out of scope is 404."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from suprovid.accounts.models import User
from suprovid.appeals import permissions, services
from suprovid.appeals.filters import IssueApiFilter, ReferralFilter
from suprovid.appeals.models import Appeal, Issue, Referral

from . import serializers as s


def _me(request: Request) -> User:
    return cast(User, request.user)


def _casework_user(request: Request) -> Any:
    if not permissions.can_do_casework(request.user):
        raise Http404
    return request.user


class AppealViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Appeal]
):
    """Appeals with their issues; POST registers one with nested issues."""

    serializer_class = s.AppealSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Appeal.objects.none()
        _casework_user(self.request)
        return (
            Appeal.objects.visible_to(self.request.user)
            .select_related("institution")
            .prefetch_related("issues__assignee", "issues__appeal")
            .order_by("-received_on", "-id")
        )

    @extend_schema(request=s.AppealCreateSerializer, responses={201: s.AppealSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = _casework_user(request)
        data = s.AppealCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        appeal = services.appeal_register(
            registered_by=user,
            institution=v["institution_code"],
            applicant=v["applicant"],
            received_on=v["received_on"],
            channel=v["channel"],
            appeal_type=v["appeal_type"],
            form=v["form"],
            sign=v["sign"],
            text=v["text"],
            case=v["case"],
            medium=v["medium"],
            contact=v["contact"],
            social_status=v["social_status"],
            signatories=v["signatories"],
            issues=[
                services.IssueInput(
                    topic=i["topic"],
                    person=i["person"] or v["applicant"],
                    assignee=i["specialist_email"],
                    text=i["text"],
                    deadline_rule=i["deadline_rule"],
                    health_ground=i["health_ground"],
                )
                for i in v["issues"]
            ],
        )
        appeal = self.get_queryset().get(pk=appeal.pk)
        return Response(s.AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class IssueViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Issue]
):
    """Issues in scope; PATCH (with `version`), close, reopen and extend."""

    serializer_class = s.IssueSerializer
    filterset_class = IssueApiFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Issue.objects.none()
        _casework_user(self.request)
        # Filters and order: `IssueApiFilter` (the work list's filters, declared once).
        return Issue.objects.visible_to(self.request.user).select_related("appeal", "assignee")

    def _done(self, issue: Issue) -> Response:
        return Response(s.IssueSerializer(self.get_queryset().get(pk=issue.pk)).data)

    @extend_schema(request=s.IssuePatchSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        issue = self.get_object()
        data = s.IssuePatchSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.issue_edit(
            actor=_me(request),
            issue=issue,
            version=v["version"],
            text=v.get("text"),
            assignee=v.get("specialist_email"),
        )
        return self._done(issue)

    @extend_schema(request=s.IssueCloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        issue = self.get_object()
        data = s.IssueCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.issue_close(actor=_me(request), issue=issue, **data.validated_data)
        return self._done(issue)

    @extend_schema(request=s.IssueReopenSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: Any = None) -> Response:
        issue = self.get_object()
        data = s.IssueReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.issue_reopen(actor=_me(request), issue=issue, **data.validated_data)
        return self._done(issue)

    @extend_schema(request=s.IssueExtendSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: Any = None) -> Response:
        issue = self.get_object()
        data = s.IssueExtendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.issue_extend(actor=_me(request), issue=issue, **data.validated_data)
        return self._done(issue)


class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Referral]
):
    """Referrals: the sending side sees the loop; partners see what is shared and answer."""

    filterset_class = ReferralFilter  # status, open, q; by due date

    def get_queryset(self) -> Any:
        return Referral.objects.visible_to(self.request.user).select_related(
            "institution", "issue__person"
        )

    def get_serializer_class(self) -> Any:
        if getattr(self.request.user, "is_partner", False):
            return s.PartnerReferralSerializer
        return s.ReferralSerializer

    @extend_schema(request=s.ReferralCreateSerializer, responses={201: s.ReferralSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = _casework_user(request)
        data = s.ReferralCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        issue = Issue.objects.visible_to(user).filter(pk=v["issue"]).first()
        if issue is None:
            raise Http404
        referral = services.referral_send(
            actor=user,
            issue=issue,
            institution=v["institution_code"],
            due_on=v["due_on"],
            shared_note=v["shared_note"],
        )
        return Response(s.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    def _answer(self, request: Request, verb: str) -> Response:
        referral = self.get_object()
        if not permissions.can_answer_referral(request.user, referral):
            raise Http404
        data = s.ReferralAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        read = v.get("read_status")
        # A referral answered by someone else meanwhile: `ReferralAlreadyAnswered`, 409.
        if verb == "accept":
            services.referral_accept(actor=_me(request), referral=referral, read_status=read)
        elif verb == "decline":
            services.referral_decline(
                actor=_me(request), referral=referral, reason=v["reason"], read_status=read
            )
        else:
            services.referral_complete(
                actor=_me(request),
                referral=referral,
                outcome_text=v["outcome_text"],
                read_status=read,
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=referral.pk)).data)

    @extend_schema(request=s.ReferralAnswerSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        return self._answer(request, "accept")

    @extend_schema(request=s.ReferralAnswerSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: Any = None) -> Response:
        return self._answer(request, "decline")

    @extend_schema(request=s.ReferralAnswerSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        return self._answer(request, "complete")
