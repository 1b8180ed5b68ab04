from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from hireplan import branding
from hireplan.models import (
    Activity,
    Comment,
    Engagement,
    FirmBrand,
    Membership,
    Organization,
    User,
)


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


class FirmBrandForm(forms.ModelForm):
    """The firm's brand. The logo arrives as a file and is kept as sanitized bytes
    (hireplan/branding.py); the model's BinaryField is not editable as such."""

    name = forms.CharField(
        label="Firm name",
        max_length=branding.NAME_MAX,
        required=False,
        help_text="Shown beside “Hireplan” in the top bar and on the brief, for example "
        "“Northwind Talent”. Leave it empty to keep Hireplan neutral.",
    )
    accent = forms.CharField(
        label="Accent colour",
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "#1f4e79", "size": 8}),
        help_text="A hex colour such as #1f4e79, for the line under the top bar and the "
        "brief’s accents. Empty keeps Hireplan’s own.",
    )
    contact = forms.CharField(
        label="Contact line",
        max_length=branding.CONTACT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="One line on the brief, for example “Dana Reyes · dana@northwind.example · "
        "+1 555 0100”.",
    )
    logo_file = forms.FileField(
        label="Logo",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".svg,.png,image/svg+xml,image/png"}),
        help_text=(
            f"SVG (at most {branding.SVG_MAX_BYTES // 1024} KB, shapes and text only: no "
            f"scripts or links to other files) or PNG (at most {branding.PNG_MAX_BYTES // 1024}"
            f" KB and {branding.PNG_MAX_SIDE} × {branding.PNG_MAX_SIDE} pixels). A wide logo "
            "about 30 pixels high reads best in the top bar."
        ),
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)

    class Meta:
        model = FirmBrand
        fields = ["name", "accent", "contact"]

    def clean_name(self) -> str:
        return branding.clean_one_line(self.cleaned_data["name"], "firm name")

    def clean_accent(self) -> str:
        return branding.clean_accent(self.cleaned_data["accent"])

    def clean_contact(self) -> str:
        return branding.clean_one_line(self.cleaned_data["contact"], "contact line")

    def clean_logo_file(self) -> branding.Logo | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        # The size the browser declared refuses a huge file before any of it is read; the
        # read itself is capped too, whatever was declared.
        if upload.size is not None and upload.size > branding.LOGO_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {round(upload.size / 1024)} KB; a logo may be at most "
                f"{branding.LOGO_MAX_BYTES // 1024} KB.",
                code="too_big",
            )
        upload.seek(0)
        data = upload.read(branding.LOGO_MAX_BYTES + 1)
        return branding.checked_logo(data, upload.name or "")

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("remove_logo") and cleaned.get("logo_file"):
            self.add_error(
                "remove_logo", "Either upload a new logo or remove the logo, not both at once."
            )
        has_logo = bool(self.instance.logo) and not cleaned.get("remove_logo")
        wants_brand = has_logo or cleaned.get("logo_file") or cleaned.get("accent")
        if wants_brand and not cleaned.get("name") and "name" not in self.errors:
            # The brand shows only with a name (branding.Brand.is_set): without one, a logo or
            # colour saved here would silently show nowhere.
            self.add_error("name", "Give the firm’s name: the logo and accent show only beside it.")
        return cleaned

    def save(self, commit: bool = True) -> FirmBrand:
        brand = super().save(commit=False)
        logo: branding.Logo | None = self.cleaned_data.get("logo_file")
        if logo is not None:
            brand.logo, brand.logo_type = logo.data, logo.mime
        elif self.cleaned_data.get("remove_logo"):
            brand.logo, brand.logo_type = b"", ""
        if commit:
            brand.save()
        return brand


@admin.register(FirmBrand)
class FirmBrandAdmin(admin.ModelAdmin):
    """One row: the firm that runs this Hireplan. There is nothing to list, so the list goes
    straight to that row (or to adding it); clearing the fields makes Hireplan neutral again,
    so there is no delete."""

    form = FirmBrandForm
    fields = ["name", "accent", "contact", "current_logo", "logo_file", "remove_logo"]
    readonly_fields = ["current_logo", "updated_at"]

    @admin.display(description="Current logo")
    def current_logo(self, obj: FirmBrand | None) -> str:
        brand = branding.brand_of(obj) if obj is not None else branding.NEUTRAL
        if not brand.logo_data_uri:
            return "No logo"
        return format_html(
            '<img src="{}" alt="The current logo" style="max-height: 48px; max-width: 240px">',
            brand.logo_data_uri,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not FirmBrand.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: FirmBrand | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        row = FirmBrand.objects.order_by("pk").first()
        if row is not None and self.has_view_or_change_permission(request, row):
            return HttpResponseRedirect(reverse("admin:hireplan_firmbrand_change", args=[row.pk]))
        if row is None and self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:hireplan_firmbrand_add"))
        return super().changelist_view(request, extra_context)
