"""Password reset: Django's flow, in the app's words and layout, throttled, with its email
sent through the task queue.

The request form answers the same way whether or not an account has the address ("if an
account uses it, a link is on its way"), so nobody learns who has an account. The email is
queued with `send_email` (hireplan/mail.py) and a worker sends it; its link starts from
`settings.SITE_URL`, never from the request's Host header.

Hireplan's throttle rule (the request page says so):
- at most 3 reset requests, so at most 3 reset emails, per email address per hour, and
- at most 20 reset requests per client address per hour.
A request over either limit is refused with a message next to the field and queues nothing.
The count is the same for an address with an account and one without, so the refusal tells
nothing about accounts either. The requests let through are rows of PasswordResetRequest in
the database, so every app server sees the same count; only requests let through are stored
(a flood of refused ones adds no rows), and rows older than a day are deleted on each insert.
"""

import ipaddress
from datetime import timedelta

from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hireplan.mail import send_email
from hireplan.middleware import client_ip
from hireplan.models import PasswordResetRequest

# Hireplan's rule, stated on the request page (registration/password_reset_form.html).
EMAILS_PER_ADDRESS = 3
REQUESTS_PER_CLIENT = 20
WINDOW = timedelta(hours=1)
# Rows older than this are deleted whenever a new one is stored.
KEEP = timedelta(days=1)

TOO_MANY_FOR_ADDRESS = (
    f"This address has had the most reset requests we take in an hour ({EMAILS_PER_ADDRESS}). "
    "If it has an account, the links already sent still work: check the inbox and spam "
    "folder, or try again in an hour."
)
TOO_MANY_FROM_CLIENT = (
    f"Too many reset requests from your network in the last hour (at most {REQUESTS_PER_CLIENT})."
    " Please try again in an hour."
)


def email_key(email: str) -> str:
    """The address as the throttle stores it: a keyed hash, so the table holds no addresses."""
    normalized = email.strip().casefold()
    return salted_hmac("hireplan.password_reset", normalized, algorithm="sha256").hexdigest()


def admit(email: str, ip: str | None) -> str | None:
    """Records a reset request for `email` from `ip` if the throttle lets it through.

    Returns None when it may go ahead, or the message to show when it may not (and then
    nothing is stored). The row is written first and the counts read after, in autocommit:
    two requests racing on two app servers each see the other's row, so a race can only
    refuse one too many, never let one too many through. An unknown client address (no
    REMOTE_ADDR) is limited by the email address only, lest every such request share one count.
    """
    now = timezone.now()
    PasswordResetRequest.objects.filter(created_at__lt=now - KEEP).delete()
    key = email_key(email)
    row = PasswordResetRequest.objects.create(email_hash=key, ip=ip)
    recent = PasswordResetRequest.objects.filter(created_at__gte=now - WINDOW)
    refusal = None
    if recent.filter(email_hash=key).count() > EMAILS_PER_ADDRESS:
        refusal = TOO_MANY_FOR_ADDRESS
    elif ip is not None and recent.filter(ip=ip).count() > REQUESTS_PER_CLIENT:
        refusal = TOO_MANY_FROM_CLIENT
    if refusal is not None:
        row.delete()
    return refusal


def valid_ip(address: str | None) -> str | None:
    """The client address if it is an IP address (a socket's peer may be something else)."""
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def link_lifetime() -> str:
    """How long a reset link works, in words ("3 days", "1 hour")."""
    seconds = int(settings.PASSWORD_RESET_TIMEOUT)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{max(1, round(seconds / 60))} minutes"


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="The address you log in with.",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
        error_messages={
            "required": "Enter the email address you log in with.",
            "invalid": "Enter an email address, like name@company.com.",
            "max_length": "An email address has at most 254 characters.",
        },
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """Queues the email (hireplan/mail.py) instead of sending it here; its link starts
        from SITE_URL."""
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        context = {
            **context,
            "reset_url": settings.SITE_URL + path,
            "login_url": settings.SITE_URL + reverse("login"),
            "link_lifetime": link_lifetime(),
        }
        subject = render_to_string(subject_template_name, context)
        body = render_to_string(email_template_name, context)
        html = None
        if html_email_template_name:
            html = render_to_string(html_email_template_name, context)
        send_email(subject, body, to_email, html=html)


class NewPasswordForm(SetPasswordForm):
    """Django's set-password form with plain help text (its own is an HTML list, which the
    app's field markup puts in a paragraph)."""

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].help_text = (
            "At least 8 characters. Not a common password, not only numbers, "
            "and not too close to your name or email."
        )
        self.fields["new_password1"].widget.attrs["autofocus"] = True
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    extra_context = {
        "emails_per_address": EMAILS_PER_ADDRESS,
        "requests_per_client": REQUESTS_PER_CLIENT,
    }

    def form_valid(self, form) -> HttpResponse:
        refusal = admit(form.cleaned_data["email"], valid_ip(client_ip(self.request)))
        if refusal is not None:
            form.add_error("email", refusal)
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(int(WINDOW.total_seconds()))
            return response
        return super().form_valid(form)


class ResetDoneView(auth_views.PasswordResetDoneView):
    extra_context = {"emails_per_address": EMAILS_PER_ADDRESS, "link_lifetime": link_lifetime}


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever chose the new password holds the account's inbox: the pause that wrong
        # guesses put on this email's logins has nothing left to protect.
        axes_reset(username=form.user.get_username())
        return response
