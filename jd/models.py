from django.conf import settings
from django.db import models

from hireplan.models import Engagement


def word_count(text: str) -> int:
    return len(text.split())


class JDDraftQuerySet(models.QuerySet):
    def record(self, engagement: Engagement, text: str, user, label: str) -> "JDDraft | None":
        """Adds the text to the history unless it is empty or the same as the latest version."""
        text = text.strip()
        if not text:
            return None
        latest = self.filter(engagement=engagement).order_by("-created_at", "-pk").first()
        if latest is not None and latest.text == text:
            return None
        return self.create(engagement=engagement, text=text, label=label, created_by=user)


class JDDraft(models.Model):
    """One version of an engagement's JD text, kept so an earlier one can be compared or restored.

    The current text lives in the answers (`answers["jd"]["jd_markdown"]`), where the engine
    reads it; this table is its history. A row is added whenever the text changes: drafted from
    the answers, edited and saved, or restored from an earlier row.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="jd_drafts")
    text = models.TextField()
    # Counted once when the version is kept: the history lists 20 versions of up to 20,000
    # characters, and counting them on every view cost more than the rest of the list.
    words = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = JDDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["engagement", "-created_at"], name="jd_draft_recent")]

    def __str__(self) -> str:
        return f"{self.label} · {self.engagement}"

    def save(self, *args, **kwargs) -> None:
        self.words = word_count(self.text)
        if (fields := kwargs.get("update_fields")) is not None and "text" in fields:
            kwargs["update_fields"] = {*fields, "words"}
        super().save(*args, **kwargs)
