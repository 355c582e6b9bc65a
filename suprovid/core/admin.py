from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: nobody edits or deletes the audit log through the app."""

    list_display = ["at", "actor_repr", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_repr", "object_repr", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdminMixin:
    """Edits through the admin site are writes like any other: each one is audited.

    Mixed into every ModelAdmin that can change data (`<model>.created`, `.updated`,
    `.deleted`, with before/after of the changed fields).
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from .audit import audit_record, changed, snapshot

        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        after = snapshot(obj)
        if before is not None:
            before, after = changed(before, after)
            if not before and not after:
                return  # saved unchanged (e.g. only an inline row changed): no empty entry
        verb = "updated" if change else "created"
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{verb}",
            obj=obj,
            before=before,
            after=after,
            ip_address=request.META.get("REMOTE_ADDR"),
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (a staffing plan on its institution's page) are audited like the rows
        of their own admin page, each with its own code and the fields it changed."""
        from .audit import audit_record, changed, snapshot

        model = formset.model
        name = model._meta.model_name
        ip = request.META.get("REMOTE_ADDR")
        before = {
            f.instance.pk: snapshot(model._default_manager.get(pk=f.instance.pk))
            for f in formset.initial_forms
            if f.instance.pk is not None and f.has_changed()
        }
        # Deletions are written first, while the rows still have their ids (the admin's
        # transaction takes them back if the save fails).
        for f in formset.deleted_forms:
            if f.instance.pk is not None:
                audit_record(
                    actor=request.user, action=f"{name}.deleted", obj=f.instance,
                    before=snapshot(f.instance), ip_address=ip,
                )  # fmt: skip
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in formset.new_objects:
            audit_record(
                actor=request.user, action=f"{name}.created", obj=obj, after=snapshot(obj),
                ip_address=ip,
            )  # fmt: skip
        for obj, _fields in formset.changed_objects:
            old, new = changed(before.get(obj.pk, {}), snapshot(obj))
            audit_record(
                actor=request.user, action=f"{name}.updated", obj=obj, before=old, after=new,
                ip_address=ip,
            )  # fmt: skip

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit_delete(request, obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self._audit_delete(request, obj)
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def _audit_delete(self, request: HttpRequest, obj: Any) -> None:
        from .audit import audit_record, snapshot

        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.deleted",
            obj=obj,
            before=snapshot(obj),
            ip_address=request.META.get("REMOTE_ADDR"),
        )
