"""The bell's list, opening a notification, and the e-mail choices."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from suprovid.core.pagination import paginate, query_without_page

from . import services
from .models import Notification, NotificationKind


def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread marked."""
    qs = Notification.objects.visible_to(request.user)
    if request.GET.get("unread"):
        qs = qs.unread()
    page = paginate(request, qs)
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "unread_only": request.GET.get("unread"),
        },
    )


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Mark one notification read and go where it points (only inside this site)."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:list")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponseBase:
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("%(count)s notification(s) marked read.") % {"count": count})
    return redirect("notifications:list")


class EmailChoicesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Also send me an e-mail when"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def settings_view(request: HttpRequest) -> HttpResponse:
    """Each user chooses which notifications also come by e-mail."""
    current = sorted(services.email_kinds(user=request.user))
    form = EmailChoicesForm(request.POST or None, initial={"kinds": current})
    if request.method == "POST" and form.is_valid():
        services.email_choices_set(user=request.user, kinds=form.cleaned_data["kinds"])
        messages.success(request, _("Notification settings saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
