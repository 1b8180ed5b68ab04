from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from hireplan.models import Activity, Comment, Engagement, Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(User)
class HireplanUserAdmin(UserAdmin):
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "body", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    """Read-mostly: answers change through the wizard (validated, versioned, in the history);
    the admin can fix ownership, the recruiter and the status."""

    list_display = [
        "title",
        "organization",
        "owner",
        "status",
        "lane",
        "level",
        "blocker_count",
        "risk_count",
        "current_step",
        "updated_at",
    ]
    list_filter = ["status", "organization", "lane", "level"]
    search_fields = ["title", "owner__email", "organization__name"]
    list_select_related = ["organization", "owner"]
    raw_id_fields = ["owner", "recruiter"]
    readonly_fields = [
        # The title follows the role title of the context step, checked there (one line of
        # visible text): an edit here would bypass that check and part the two.
        "title",
        "answers",
        "saved_at_version",
        "version",
        "current_step",
        "lane",
        "level",
        "metro",
        "search_opened_on",
        "blocker_count",
        "risk_count",
        "created_at",
        "updated_at",
    ]
    inlines = [CommentInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["engagement", "kind", "step", "actor", "version", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["engagement", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
