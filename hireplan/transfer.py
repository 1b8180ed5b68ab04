"""Export and import of engagements as JSON that follows a versioned pydantic schema.

The file is validated whole before anything is written, and imported in one transaction, so an
import either brings every plan in or changes nothing. It adds no company, person or membership
unless asked to (`add_members`), and says what it adds. docs/transfer.md describes the format.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from hireplan.engine.answers.titles import Title
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
# columns are 32-bit signed (0..2147483647 fits a PositiveIntegerField on SQLite and
# PostgreSQL alike), step and status names are fixed lists. Whole numbers only: strict, so
# `true`, `1.0` or `"1"` are refused rather than read as 1.
INT_MAX = 2**31 - 1
Version = Annotated[int, Field(strict=True, ge=0, le=INT_MAX)]
PlanVersion = Annotated[int, Field(strict=True, ge=1, le=INT_MAX)]  # a saved plan's: 1 and up
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
    version: Version = 0
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
    # One line of visible text, as in the wizard: no CR/LF, control codes or direction overrides.
    title: Title = Field(min_length=1, max_length=120)
    status: Engagement.Status
    current_step: StepName
    version: PlanVersion
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


class TransferError(Exception):
    """A file the import refuses before validating it (not UTF-8), in a readable sentence."""


class ImportRefused(Exception):
    """A valid file that would add people or memberships nobody asked for: `lines` name each
    person, company and the records that need them; `additions` is what `add_members` adds."""

    def __init__(self, lines: list[str], additions: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.additions = additions


def decode(raw: bytes) -> str:
    """The file's text. It must be UTF-8 (as export_engagements writes it; a BOM is allowed)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise TransferError(
            f"it is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}, column {column} "
            "is not UTF-8). Save it as UTF-8, as export_engagements writes it, and try again"
        ) from None


def _path_part(part: Any, first: bool) -> str:
    if isinstance(part, int):
        return f"[{part}]"
    text = str(part) if str(part).isprintable() else repr(part)  # a key holding "\x00", say
    return text if first else f".{text}"


def problems(exc: ValidationError) -> list[str]:
    """Each validation error as `path: message`, e.g. `engagements[3].answers.comp.level: …`."""
    lines = []
    for error in exc.errors():
        path = ""
        for part in error["loc"]:
            path += _path_part(part, first=not path)
        lines.append(f"{path or '(file)'}: {error['msg'].removeprefix('Value error, ')}")
    return lines


NUL_MESSAGE = "holds a NUL character (\\x00), which the database cannot store"


def _nul_locations(data: Any) -> list[tuple]:
    """Where the parsed file holds a NUL in a string or a key (PostgreSQL text cannot store
    one). One pass without recursion over the parsed JSON: work bounded by the file's size."""
    found = []
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                found.append(loc)
        elif isinstance(value, dict):
            items = list(value.items())
            for key, _ in items:
                if "\x00" in key:
                    found.append((*loc, key))
            stack.extend(((*loc, key), item) for key, item in reversed(items) if "\x00" not in key)
        elif isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in reversed(list(enumerate(value))))
    return found


def _as_detail(error: Any) -> Any:
    # A reported error fed back into a ValidationError, whatever its type.
    message = PydanticCustomError(error["type"], error["msg"].replace("{", "{{").replace("}", "}}"))
    return {"type": message, "loc": tuple(error["loc"]), "input": error.get("input")}


def parse(text: str) -> ExportDocument:
    """The file, validated whole. Answers stored in an older shape (hireplan/legacy.py) are
    brought up to date first, so a file exported before a change still imports. A NUL anywhere
    is one more problem of the file, reported with its path like the schema's own."""
    model = document_model()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON: the validator says where (line, column)
        return model.model_validate_json(text)
    nul = _nul_locations(data)
    upgraded = upgrade_export(data, today=timezone.localdate())
    if upgraded is not data:
        text = json.dumps(upgraded)
    found = [
        {"type": PydanticCustomError("nul_character", NUL_MESSAGE), "loc": loc, "input": "\x00"}
        for loc in nul
    ]
    try:
        document = model.model_validate_json(text)
    except ValidationError as exc:
        if not found:
            raise
        reported = set(nul)
        others = [_as_detail(e) for e in exc.errors() if tuple(e["loc"]) not in reported]
        raise ValidationError.from_exception_data(exc.title, [*found, *others]) from None
    if found:
        raise ValidationError.from_exception_data(model.__name__, found)
    return document


ROLE_OF = {"owner": Membership.Role.HIRING_MANAGER, "recruiter": Membership.Role.RECRUITER}


@dataclass
class Additions:
    """What importing a document adds besides its plans, read from the database: companies,
    people (by email, without a usable password) and memberships (an owner becomes a hiring
    manager of the plan's company, a recruiter a recruiter). Empty when everyone is in place."""

    organizations: dict[str, Organization] = field(default_factory=dict)  # every slug: found or new
    users: dict[str, User] = field(default_factory=dict)  # every email: found or new
    memberships: dict[tuple[str, str], str] = field(default_factory=dict)  # (email, slug): role
    needed_by: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    new_user_needed_by: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.memberships or self.new_user_needed_by or self.new_organizations)

    @property
    def new_organizations(self) -> list[Organization]:
        return [o for o in self.organizations.values() if o.pk is None]

    def _company(self, slug: str) -> str:
        organization = self.organizations[slug]
        new = ", a new company" if organization.pk is None else ""
        return f"{organization.name} ({slug}{new})"

    def listing(self) -> list[str]:
        """One `Will add: …` line per company, person and membership, in the file's order."""
        lines = [f"Will add: company {o.name} ({o.slug})" for o in self.new_organizations]
        lines += [
            f"Will add: user {email} (no usable password)" for email in self.new_user_needed_by
        ]
        lines += [
            f"Will add: {email} as {Membership.Role(role).label.lower()} of {self._company(slug)}"
            for (email, slug), role in self.memberships.items()
        ]
        return lines

    def refusals(self) -> list[str]:
        """Why the import stops without `add_members`: each person and what needs them."""
        lines = []
        for (email, slug), where in self.needed_by.items():
            lines.append(f"{email} is not a member of {self._company(slug)}: {', '.join(where)}")
        members = {email for email, _ in self.memberships}
        for email, where in self.new_user_needed_by.items():
            if email not in members:  # authors and actors: an account, no membership
                lines.append(f"{email} has no account here: {', '.join(where)}")
        return lines


def additions(document: ExportDocument) -> Additions:
    """What `document` would add (see Additions); reads the database, writes nothing."""
    found = Additions()
    slugs: dict[str, str] = {}  # slug: the name its first record gives
    for record in document.engagements:
        slugs.setdefault(record.organization, record.organization_name)
    existing = {o.slug: o for o in Organization.objects.filter(slug__in=list(slugs))}
    for slug, name in slugs.items():
        found.organizations[slug] = existing.get(slug) or Organization(slug=slug, name=name)

    def uses(email: str | None, where: str) -> None:
        if email is not None and email not in found.users:
            found.users[email] = User(username=email, email=email)
        if email is not None and found.users[email].pk is None:
            found.new_user_needed_by.setdefault(email, []).append(where)

    emails = set()
    for record in document.engagements:
        emails |= {record.owner, record.recruiter} | {c.author for c in record.comments}
        emails |= {entry.actor for entry in record.history}
    emails.discard(None)
    found.users = {u.username: u for u in User.objects.filter(username__in=list(emails))}
    member = set(
        Membership.objects.filter(
            user__username__in=list(emails), organization__slug__in=list(slugs)
        ).values_list("user__username", "organization__slug")
    )
    for index, record in enumerate(document.engagements):
        here = f"engagements[{index}]"
        for name in ("owner", "recruiter"):
            email = getattr(record, name)
            uses(email, f"{here}.{name}")
            if email is None or (email, record.organization) in member:
                continue
            key = (email, record.organization)
            # An owner anywhere in the file makes a hiring manager; a recruiter only, a recruiter.
            if found.memberships.get(key) != Membership.Role.HIRING_MANAGER:
                found.memberships[key] = ROLE_OF[name]
            found.needed_by.setdefault(key, []).append(f"{name} of {here} {record.title!r}")
        for position, comment in enumerate(record.comments):
            uses(comment.author, f"{here}.comments[{position}].author")
        for position, entry in enumerate(record.history):
            uses(entry.actor, f"{here}.history[{position}].actor")
    return found


def _add(found: Additions) -> None:
    for organization in found.new_organizations:
        organization.save()
    for email in found.new_user_needed_by:
        user = found.users[email]
        user.set_unusable_password()
        user.save()
    for (email, slug), role in found.memberships.items():
        Membership.objects.create(
            user=found.users[email], organization=found.organizations[slug], role=role
        )


class _DryRun(Exception):
    pass


def import_document(
    document: ExportDocument,
    *,
    add_members: bool = False,
    announce: Callable[[str], None] | None = None,
    dry_run: bool = False,
) -> list[Engagement]:
    """Creates every engagement of the document in one transaction, or nothing.

    A company, person or membership the file needs and the database lacks is added only with
    `add_members`; each is passed to `announce` as a `Will add: …` line before it is written.
    Without it such a file raises ImportRefused. `dry_run` does all of it, then rolls back."""
    imported: list[Engagement] = []
    try:
        with transaction.atomic():
            found = additions(document)
            if found and not add_members:
                raise ImportRefused(found.refusals(), found.listing())
            for line in found.listing():
                if announce is not None:
                    announce(line)
            _add(found)
            imported = [_create(record, found) for record in document.engagements]
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return imported


def _create(record: Any, found: Additions) -> Engagement:
    users = found.users
    answers = record.answers.model_dump(mode="json", exclude_none=True)
    engagement = Engagement.objects.create(
        organization=found.organizations[record.organization],
        owner=users[record.owner],
        recruiter=users[record.recruiter] if record.recruiter else None,
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
            engagement=engagement, author=users[comment.author], body=comment.body
        )
        Comment.objects.filter(pk=made.pk).update(created_at=comment.created_at)
    for entry in record.history:
        made = Activity.objects.create(
            engagement=engagement,
            actor=users[entry.actor] if entry.actor else None,
            kind=entry.kind,
            step=entry.step,
            version=entry.version,
            changes=[{"field": name} for name in entry.fields_changed],
            from_status=entry.from_status,
            to_status=entry.to_status,
        )
        Activity.objects.filter(pk=made.pk).update(created_at=entry.created_at)
    return engagement
