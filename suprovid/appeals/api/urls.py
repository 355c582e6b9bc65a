"""API routes of the appeals app, mounted under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from .views import AppealViewSet, IssueViewSet, ReferralViewSet

router = SimpleRouter()
router.register("appeals", AppealViewSet, basename="appeal")
router.register("issues", IssueViewSet, basename="issue")
router.register("referrals", ReferralViewSet, basename="referral")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
