from django.contrib import admin

from suprovid.core.admin import AuditedAdminMixin

from .models import Institution, Specialist, StaffingPlan


class StaffingPlanInline(admin.TabularInline[StaffingPlan, Institution]):
    model = StaffingPlan
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(AuditedAdminMixin, admin.ModelAdmin[Institution]):
    list_display = ["code", "name", "kind", "territory", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["territory"]
    inlines = [StaffingPlanInline]


@admin.register(StaffingPlan)
class StaffingPlanAdmin(AuditedAdminMixin, admin.ModelAdmin[StaffingPlan]):
    list_display = ["institution", "effective_from", "positions"]
    search_fields = ["institution__code", "institution__name"]
    raw_id_fields = ["institution"]


@admin.register(Specialist)
class SpecialistAdmin(AuditedAdminMixin, admin.ModelAdmin[Specialist]):
    list_display = ["full_name", "email", "institution", "active_from", "active_to"]
    list_filter = ["institution__kind"]
    search_fields = ["full_name", "email", "institution__code"]
    raw_id_fields = ["institution", "user"]
