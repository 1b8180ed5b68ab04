"""Export and import of engagements as JSON that follows a versioned pydantic schema.

The file is validated whole before anything is written, and imported in one transaction, so an
import either brings every plan in or changes nothing. docs/transfer.md describes the format.
"""

import json
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model

from hireplan.legacy import upgrade_export
from hireplan.models import Activity, Comment, Engagement, Membership, Organization, User
from hireplan.plans import summary_columns
from hireplan.steps import answer_steps, find_step

FORMAT = "hireplan.engagements"
VERSION = 1


def _a_step(value: str) -> str:
    if find_step(value) is None:
        raise ValueError(f"not a step of this wizard: {value!r}")
    return value


# What the database can hold: Django's username (our email) is 150 characters, integer
# columns are 32-bit signed, step and status names are fixed lists.
INT_MAX = 2**31 - 1
Email = Annotated[str, Field(min_length=3, max_length=150, pattern=r"^[^@\s]+@[^@\s]+$")]
StepName = Annotated[str, Field(max_length=20), AfterValidator(_a_step)]
StatusName = Literal["draft", "in_review", "changes_requested", "approved", "archived"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommentRecord(Strict):
    author: Email
    body: str = Field(min_length=1, max_length=5000)
    created_at: datetime


class HistoryRecord(Strict):
    kind: Activity.Kind
    actor: Email | None = None
    step: StepName | Literal[""] = ""
    version: int = Field(default=0, ge=0, le=INT_MAX)
    # A step has a few dozen answers at most.
    fields_changed: list[Annotated[str, Field(max_length=80)]] = Field(
        default_factory=list, max_length=200
    )
    from_status: StatusName | Literal[""] = ""
    to_status: StatusName | Literal[""] = ""
    created_at: datetime


class EngagementRecord(Strict):
    """One plan; `answers` is added per deployment by `document_model`, from the steps."""

    organization: str = Field(pattern=r"^[-a-z0-9_]+$", max_length=60)
    organization_name: str = Field(min_length=1, max_length=120)
    owner: Email
    recruiter: Email | None = None
    title: str = Field(min_length=1, max_length=120)
    status: Engagement.Status
    current_step: StepName
    version: int = Field(ge=1, le=INT_MAX)
    created_at: datetime
    updated_at: datetime
    comments: list[CommentRecord] = Field(default_factory=list)
    history: list[HistoryRecord] = Field(default_factory=list)


class ExportDocument(Strict):
    format: Literal["hireplan.engagements"] = FORMAT
    version: Literal[1] = VERSION
    exported_at: datetime
    engagements: list[Any]  # records of `document_model`'s own EngagementRecord


@cache
def document_model() -> type[ExportDocument]:
    """The file's model: each record's `answers` holds the registered steps' answers, each
    validated by the same schema the wizard uses. Built once the apps have registered."""
    answers: Any = create_model(
        "Answers",
        __base__=Strict,
        **{step.slug: (step.schema | None, None) for step in answer_steps()},
    )
    record: Any = create_model("EngagementRecord", __base__=EngagementRecord, answers=answers)
    return create_model("ExportDocument", __base__=ExportDocument, engagements=list[record])


def _changed_fields(change: dict) -> list[str]:
    # A change records its fields (older rows: one "field").
    return list(change.get("fields") or [change["field"]])


def export_document(engagements: QuerySet[Engagement]) -> ExportDocument:
    engagements = engagements.select_related("organization", "owner", "recruiter").prefetch_related(
        "comments__author", "activities__actor"
    )
    records = []
    for engagement in engagements.order_by("pk"):
        records.append(
            {
                "organization": engagement.organization.slug,
                "organization_name": engagement.organization.name,
                "owner": engagement.owner.email,
                "recruiter": engagement.recruiter.email if engagement.recruiter else None,
                "title": engagement.title,
                "status": engagement.status,
                "current_step": engagement.current_step,
                "version": engagement.version,
                "created_at": engagement.created_at,
                "updated_at": engagement.updated_at,
                "answers": engagement.answers,
                "comments": [
                    {"author": c.author.email, "body": c.body, "created_at": c.created_at}
                    for c in engagement.comments.all()
                ],
                "history": [
                    {
                        "kind": a.kind,
                        "actor": a.actor.email if a.actor else None,
                        "step": a.step,
                        "version": a.version,
                        "fields_changed": [
                            name for change in a.changes for name in _changed_fields(change)
                        ],
                        "from_status": a.from_status,
                        "to_status": a.to_status,
                        "created_at": a.created_at,
                    }
                    for a in reversed(engagement.activities.all())
                ],
            }
        )
    return document_model().model_validate({"exported_at": timezone.now(), "engagements": records})


def problems(exc: ValidationError) -> list[str]:
    """Each validation error as `path: message`, e.g. `engagements[3].answers.comp.level: …`."""
    lines = []
    for error in exc.errors():
        path = ""
        for part in error["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        lines.append(f"{path or '(file)'}: {error['msg'].removeprefix('Value error, ')}")
    return lines


def parse(text: str) -> ExportDocument:
    """The file, validated whole. Answers stored in an older shape (hireplan/legacy.py) are
    brought up to date first, so a file exported before a change still imports."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON: the validator says where, as usual
        return document_model().model_validate_json(text)
    upgraded = upgrade_export(data, today=timezone.localdate())
    if upgraded is not data:
        text = json.dumps(upgraded)
    return document_model().model_validate_json(text)


def _user(email: str, cache: dict[str, User]) -> User:
    if email not in cache:
        user, created = User.objects.get_or_create(username=email, defaults={"email": email})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        cache[email] = user
    return cache[email]


@transaction.atomic
def import_document(document: ExportDocument) -> list[Engagement]:
    """Creates every engagement of the document (and any missing company, person, membership)."""
    users: dict[str, User] = {}
    imported = []
    for record in document.engagements:
        organization, _ = Organization.objects.get_or_create(
            slug=record.organization, defaults={"name": record.organization_name}
        )
        owner = _user(record.owner, users)
        Membership.objects.get_or_create(
            user=owner,
            organization=organization,
            defaults={"role": Membership.Role.HIRING_MANAGER},
        )
        recruiter = _user(record.recruiter, users) if record.recruiter else None
        if recruiter is not None:
            Membership.objects.get_or_create(
                user=recruiter,
                organization=organization,
                defaults={"role": Membership.Role.RECRUITER},
            )
        answers = record.answers.model_dump(mode="json", exclude_none=True)
        engagement = Engagement.objects.create(
            organization=organization,
            owner=owner,
            recruiter=recruiter,
            title=record.title,
            status=record.status,
            current_step=record.current_step,
            version=record.version,
            answers=answers,
            saved_at_version=dict.fromkeys(answers, record.version),
            **summary_columns(answers),
        )
        # auto_now fields ignore given values on create; the file's times are the truth.
        Engagement.objects.filter(pk=engagement.pk).update(
            created_at=record.created_at, updated_at=record.updated_at
        )
        for comment in record.comments:
            made = Comment.objects.create(
                engagement=engagement, author=_user(comment.author, users), body=comment.body
            )
            Comment.objects.filter(pk=made.pk).update(created_at=comment.created_at)
        for entry in record.history:
            made = Activity.objects.create(
                engagement=engagement,
                actor=_user(entry.actor, users) if entry.actor else None,
                kind=entry.kind,
                step=entry.step,
                version=entry.version,
                changes=[{"field": name} for name in entry.fields_changed],
                from_status=entry.from_status,
                to_status=entry.to_status,
            )
            Activity.objects.filter(pk=made.pk).update(created_at=entry.created_at)
        imported.append(engagement)
    return imported
