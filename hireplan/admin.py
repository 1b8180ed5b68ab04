from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from hireplan.models import Engagement, Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(User)
class HireplanUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "owner", "status", "current_step", "updated_at"]
    list_filter = ["status", "organization"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner", "recruiter"]
