"""allauth's hooks: its emails link to ``SHOP_BASE_URL``, and typed email addresses are one plain line.

Without this, allauth builds the links in its emails (password reset, email confirmation, "sign up here")
with ``request.build_absolute_uri`` and names the site after ``request.get_host()``: whoever sends the request
picks the host the shopper is told to click.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.http import HttpRequest

from core.absolute import absolute_url_rebase, shop_site
from core.emails import email_send
from core.validators import validate_single_line


class AccountAdapter(DefaultAccountAdapter):
    def get_reset_password_from_key_url(self, key: str) -> str:
        return absolute_url_rebase(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return absolute_url_rebase(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every allauth email: the site is the shop's, and every ``*_url`` in it is on ``SHOP_BASE_URL``.

        Some links never pass through a hook above (``signup_url`` in "unknown account",
        ``password_reset_url`` in "account already exists"): re-based here, like every other one.
        Sent by ``core.emails.email_send``, like every email of the shop: the same footer and HTML part.
        """
        context = {
            "request": allauth_context.request,
            "email": email,
            **{
                key: absolute_url_rebase(value) if key.endswith("_url") and isinstance(value, str) and value else value
                for key, value in context.items()
            },
            "current_site": shop_site(),
        }
        message = self.render_mail(template_prefix, email, context)
        email_send(subject=message.subject, body=message.body, to=message.to, from_email=message.from_email)

    def clean_email(self, email: str) -> str:
        """Sign-up, added addresses and password-reset requests: no control or invisible characters."""
        validate_single_line(email)
        return super().clean_email(email)
