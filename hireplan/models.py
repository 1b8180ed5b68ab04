from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    """People sign in with their email address; `username` holds the same address."""

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username


class Organization(models.Model):
    """A client company. The staffing firm's recruiters are members of each one they serve."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        RECRUITER = "recruiter", "Recruiter"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} at {self.organization}"


class Engagement(models.Model):
    """One hiring plan: the hub every wizard step writes to.

    Each step's answers live in `answers[step slug]` as JSON validated by the pydantic schema
    of the app that owns the step (docs/architecture.md says why).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        ARCHIVED = "archived", "Archived"

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="engagements"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_engagements"
    )
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recruited_engagements",
    )
    title = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    current_step = models.CharField(max_length=20, default="context")
    # Incremented by every save; forms carry it so a stale tab cannot silently overwrite.
    version = models.PositiveIntegerField(default=1)
    answers = models.JSONField(default=dict, blank=True)
    # {step slug: the version that step was last saved at}; tells a stale save from a safe one.
    saved_at_version = models.JSONField(default=dict, blank=True)
    # {step slug: [answer names]} that Hireplan filled in (the quick plan) and no person has
    # confirmed yet; saving a step confirms its own. Bounded by the steps' schemas.
    suggested = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Copied from the answers and the computed plan on every save, so the recruiter's dashboard
    # filters and sorts with plain indexed columns instead of computing a plan per row.
    lane = models.CharField(max_length=20, blank=True)
    level = models.CharField(max_length=10, blank=True)
    metro = models.CharField(max_length=30, blank=True)
    search_opened_on = models.DateField(null=True, blank=True)
    blocker_count = models.PositiveSmallIntegerField(default=0)
    risk_count = models.PositiveSmallIntegerField(default=0)
    # How many people this plan hires (the context step's answer), and the name given with
    # "Another metro", so the dashboard can say "×3" and "Lisbon" without reading the answers.
    openings = models.PositiveSmallIntegerField(default=1)
    metro_name = models.CharField(max_length=80, blank=True)
    # The plan this one was copied from ("Copy this plan"); kept when the source is removed.
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["organization", "status"], name="engagement_org_status"),
            models.Index(fields=["-updated_at"], name="engagement_updated"),
            # The recruiter dashboard's default order within a company: newest change first
            # (docs/performance.md, dashboard).
            models.Index(fields=["organization", "-updated_at"], name="engagement_org_updated"),
            models.Index(fields=["lane"], name="engagement_lane"),
            models.Index(fields=["level"], name="engagement_level"),
            models.Index(fields=["search_opened_on"], name="engagement_opened"),
            models.Index(fields=["blocker_count"], name="engagement_blockers"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def has_answers(self, slug: str) -> bool:
        return slug in self.answers


class Comment(models.Model):
    """One message in the thread shared by the hiring manager and the recruiter."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(max_length=5000)
    # The wizard step the comment is about ("" for the plan as a whole): its email links there.
    step = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} on {self.engagement}"


class Activity(models.Model):
    """The plan's history: who saved which step (and what changed), status moves, comments.

    A small model of our own rather than django-simple-history: a step lives inside one JSON
    field, so a row snapshot would say "answers changed"; we record the changed fields instead.
    """

    class Kind(models.TextChoices):
        CREATED = "created", "Started the plan"
        STEP_SAVED = "step_saved", "Saved a step"
        STATUS_CHANGED = "status_changed", "Changed the status"
        COMMENTED = "commented", "Commented"
        IMPORTED = "imported", "Imported"
        COPIED = "copied", "Copied from another plan"
        SHARED = "shared", "Made a read-only link"
        SHARE_REVOKED = "share_revoked", "Revoked a read-only link"
        SHARE_OPENED = "share_opened", "Opened by read-only link"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    step = models.CharField(max_length=20, blank=True)
    version = models.PositiveIntegerField(default=0)
    # [{"field": name, "before": value, "after": value}, ...] for a saved step.
    changes = models.JSONField(default=list, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["engagement", "-created_at"], name="activity_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.engagement}"


class StepRequest(models.Model):
    """One step a request for changes points at: the step shows the recruiter's words (the
    comment) until its hiring manager saves it, which marks the request answered."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="step_requests"
    )
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="step_requests")
    step = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["engagement", "step", "answered_at"], name="steprequest_open")
        ]

    def __str__(self) -> str:
        return f"Change requested on {self.step} of {self.engagement}"


class StepDraft(models.Model):
    """What one user typed on one step and has not saved yet, as it was posted
    (hireplan/drafts.py). Not answers: nothing validates it until "Save and continue".
    `engagement` is empty for the new-plan page, before the plan exists."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_drafts"
    )
    step = models.CharField(max_length=20)
    # {field name: [posted values]}: only the step form's own fields, each value bounded.
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "user", "step"],
                condition=models.Q(engagement__isnull=False),
                name="one_draft_per_user_and_step",
            ),
            models.UniqueConstraint(
                fields=["user", "step"],
                condition=models.Q(engagement__isnull=True),
                name="one_new_plan_draft_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.step} by {self.user}"


class Brief(models.Model):
    """A rendered PDF hiring brief, kept per engagement version and paper size.

    Asking again for an unchanged plan serves this file; a new version makes a new one. Files
    go through Django's storage API, so app servers can share them via any storage backend.
    """

    class Paper(models.TextChoices):
        LETTER = "letter", "US Letter"
        A4 = "a4", "A4"

    # Which document of the plan this file is: the hiring brief, or an interview kit (the
    # whole loop's, "kit", or one round's, "kit-3"). Kits are stored exactly as briefs are.
    BRIEF = "brief"
    DOCUMENT_MAX = 20

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="briefs")
    version = models.PositiveIntegerField()
    document = models.CharField(max_length=DOCUMENT_MAX, default=BRIEF)
    paper = models.CharField(max_length=10, choices=Paper.choices, default=Paper.LETTER)
    file = models.FileField(upload_to="briefs/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "version", "paper", "document"],
                name="one_document_per_version_and_paper",
            )
        ]

    def __str__(self) -> str:
        return f"Brief of {self.engagement} v{self.version} ({self.paper})"


class ShareLink(models.Model):
    """A read-only link to one plan for the client (hireplan/sharing.py). Only the token's
    SHA-256 is kept; the link shows the plan as it was at `version` (`answers`, `title`)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=120)
    answers = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Read-only link to {self.engagement} (version {self.version})"

    @property
    def state(self) -> str:
        """ "live", "expired" or "revoked", as of now."""
        if self.revoked_at is not None:
            return "revoked"
        return "live" if self.expires_at > timezone.now() else "expired"


class FirmBrand(models.Model):
    """The staffing firm that runs this Hireplan, as its clients see it (hireplan/branding.py):
    set in the admin, one row. The logo is kept as validated, sanitized bytes (SVG or PNG) and
    is never fetched from anywhere."""

    name = models.CharField(max_length=80, blank=True)
    accent = models.CharField(max_length=7, blank=True)  # "#1f4e79"
    contact = models.CharField(max_length=160, blank=True)
    logo = models.BinaryField(blank=True, default=b"")
    logo_type = models.CharField(max_length=20, blank=True)  # "image/svg+xml" or "image/png"
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "firm brand"

    def __str__(self) -> str:
        return self.name or "Firm brand (not set)"


class PasswordResetRequest(models.Model):
    """One password-reset request the throttle let through (hireplan/password_reset.py).

    The throttle counts these rows, so every app server sees the same count. The email address
    is kept only as a keyed hash (whether or not an account has it), and rows older than a day
    are deleted as new ones arrive.
    """

    email_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["email_hash", "created_at"], name="pwreset_email_recent"),
            models.Index(fields=["ip", "created_at"], name="pwreset_ip_recent"),
            models.Index(fields=["created_at"], name="pwreset_created"),
        ]

    def __str__(self) -> str:
        return f"Password reset request {self.pk} at {self.created_at:%Y-%m-%d %H:%M}"
