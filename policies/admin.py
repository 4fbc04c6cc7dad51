"""Policy admin: merchants edit a policy's text; every save publishes a new, immutable version.

Versions are read-only: no change, no delete; the form shows the latest text, and asks for a change summary and
an effective date.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError
from policies.facts import FACTS
from policies.models import Policy, PolicyVersion
from policies.selectors import policy_current_version, policy_preview_page
from policies.services import (
    POLICY_ALLOWED_TAGS,
    policy_publish,
    policy_publish_check,
    policy_translation_languages,
    version_translations,
)
from policies.widgets import RichTextTextarea


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])


class PolicyAdminForm(forms.ModelForm):
    body_html = forms.CharField(
        label=_("Text (HTML)"),
        widget=RichTextTextarea(attrs={"rows": 24, "cols": 100}),
    )
    change_summary = forms.CharField(
        label=_("Change summary"),
        max_length=300,
        help_text=_("Shown to shoppers in the version history, e.g. “Return window extended to 30 days”."),
    )
    effective_date = forms.DateField(
        label=_("Effective from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today or later. A later date announces the change as upcoming on the policy page."),
    )

    # The other languages' texts (settings.LANGUAGES): labels, initial values and help set in __init__.
    body_html_pl = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "lang": "pl"}))
    body_html_nl = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "lang": "nl"}))
    change_summary_pl = forms.CharField(required=False, max_length=300, widget=forms.TextInput(attrs={"lang": "pl"}))
    change_summary_nl = forms.CharField(required=False, max_length=300, widget=forms.TextInput(attrs={"lang": "nl"}))

    class Meta:
        model = Policy
        fields = ["kind", "title", *(f"title_{code}" for code in policy_translation_languages())]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].initial = timezone.localdate
        # English first ("title", "body_html", "change_summary"), then each translation, side by side in the form.
        english = _language_name(settings.LANGUAGE_CODE)
        self.fields["title"].label = format_html("{} ({})", gettext("Title"), english)
        self.fields["body_html"].label = format_html("{} ({})", gettext("Text (HTML)"), english)
        self.fields["change_summary"].label = format_html("{} ({})", gettext("Change summary"), english)
        if self.instance.pk:
            self.initial["title"] = self.instance.title_en  # never the admin language's text
        latest_for_translations = self.instance.versions.order_by("-number").first() if self.instance.pk else None
        translations = version_translations(version=latest_for_translations) if latest_for_translations else {}
        for code in policy_translation_languages():
            name = _language_name(code)
            self.fields[f"title_{code}"].label = format_html("{} ({})", gettext("Title"), name)
            body = self.fields[f"body_html_{code}"]
            body.label = format_html("{} ({})", gettext("Text (HTML)"), name)
            body.initial = translations.get(code, "")
            body.help_text = gettext(
                "Empty: shoppers reading in this language see the English text, with a note saying so. Use the "
                "same fact blocks as the English text."
            )
            self.fields[f"change_summary_{code}"].label = format_html("{} ({})", gettext("Change summary"), name)
        # Built per request (not at import) so the help text follows the admin's language.
        allowed = gettext(
            "Allowed tags: %(tags)s. Links may use http, https or mailto only; anything else is removed when you save."
        ) % {"tags": ", ".join(sorted(POLICY_ALLOWED_TAGS))}
        if FACTS:
            allowed = format_html(
                "{} {}",
                allowed,
                gettext(
                    "Fact blocks, filled in from the shop's settings in every language (write no price, time or "
                    "number of days by hand): %(blocks)s."
                )
                % {"blocks": "; ".join(f"{fact.placeholder} {fact.label}" for fact in FACTS.values())},
            )
        self.fields["body_html"].help_text = allowed
        latest = self.instance.versions.order_by("-number").first() if self.instance.pk else None
        if latest is not None:
            self.fields["body_html"].initial = latest.body_html
            self.fields["body_html"].help_text = format_html(
                "{} {}",
                gettext(
                    "Showing the text of version %(number)d (effective from %(date)s). Saving publishes "
                    "version %(next)d."
                )
                % {"number": latest.number, "date": latest.effective_date.isoformat(), "next": latest.number + 1},
                allowed,
            )

        self._rich_text_everywhere()

    def _rich_text_everywhere(self) -> None:
        """Every policy text field (one per language: body_html, body_html_pl, ...) gets the rich-text editor."""
        for name, field in self.fields.items():
            if name.startswith("body_html") and not isinstance(field.widget, RichTextTextarea):
                field.widget = RichTextTextarea(attrs=field.widget.attrs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["body_html"] = policy_publish_check(
                policy=self.instance,
                body_html=cleaned.get("body_html", ""),
                change_summary=cleaned.get("change_summary", ""),
                effective_date=cleaned.get("effective_date"),
                translations=self.translations(),
            )
        except ApplicationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned

    def translations(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"body_html_{code}") or "" for code in policy_translation_languages()}

    def change_summaries(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"change_summary_{code}") or "" for code in policy_translation_languages()}


class PolicyVersionInline(admin.TabularInline):
    model = PolicyVersion
    extra = 0
    can_delete = False
    ordering = ["-number"]
    fields = ["number", "effective_date", "change_summary", "author", "created_at", "public_page"]
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = _("published versions (read-only)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("public page"))
    def public_page(self, version: PolicyVersion) -> str:
        url = reverse("policies:policy_version", kwargs={"kind": version.policy.kind, "number": version.number})
        return format_html('<a href="{}">{}</a>', url, gettext("View"))


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    form = PolicyAdminForm
    inlines = [PolicyVersionInline]
    list_display = ["title", "kind", "current_version", "latest_version", "missing_translations"]

    class Media:
        css = {"all": ("policies/language_tabs.css",)}
        js = ("policies/language_tabs.js",)

    def get_fieldsets(self, request, obj=None):
        # One fieldset per language: static/policies/language_tabs.js shows them as tabs; without JavaScript
        # they stand one after another under their headings.
        tab = {"classes": ["language-tab"]}
        english = (_language_name(settings.LANGUAGE_CODE), {**tab, "fields": ["title", "body_html", "change_summary"]})
        translated = [
            (_language_name(code), {**tab, "fields": [f"title_{code}", f"body_html_{code}", f"change_summary_{code}"]})
            for code in policy_translation_languages()
        ]
        return [(None, {"fields": ["kind"]}), english, *translated, (None, {"fields": ["effective_date"]})]

    @admin.display(description=_("missing translations"))
    def missing_translations(self, policy: Policy) -> str:
        latest = policy.versions.order_by("-number").first()
        texts = version_translations(version=latest) if latest else {}
        missing = [
            _language_name(code)
            for code in policy_translation_languages()
            if code not in texts or not getattr(policy, f"title_{code}", None)
        ]
        return ", ".join(missing) or "—"

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # versions are kept for ever; orders point at them

    @admin.display(description=_("in force"))
    def current_version(self, policy: Policy) -> str:
        version = policy_current_version(kind=policy.kind)
        return f"v{version.number}" if version else "—"

    @admin.display(description=_("latest"))
    def latest_version(self, policy: Policy) -> str:
        version = policy.versions.order_by("-number").first()
        return f"v{version.number} ({version.effective_date.isoformat()})" if version else "—"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """"Preview" (a second submit button) shows the text on the shoppers' own policy page, nothing saved."""
        if request.method == "POST" and "_preview" in request.POST:
            obj = self.get_object(request, object_id) if object_id else None
            if obj is None and object_id:
                raise PermissionDenied
            if not (self.has_change_permission(request, obj) if obj else self.has_add_permission(request)):
                raise PermissionDenied
            form = self.get_form(request, obj, change=obj is not None)(request.POST, instance=obj)
            if form.is_valid():
                policy = form.instance
                page = policy_preview_page(
                    policy=policy,
                    body_html=form.cleaned_data["body_html"],
                    effective_date=form.cleaned_data["effective_date"],
                )
                return TemplateResponse(request, "policies/admin_preview.html", {"page": page, "policy": policy})
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: Policy, form: PolicyAdminForm, change: bool) -> None:
        # The admin wraps the whole save in one transaction: the title and the new version land together.
        obj.title_en = form.cleaned_data["title"]
        super().save_model(request, obj, form, change)
        version = policy_publish(
            policy=obj,
            body_html=form.cleaned_data["body_html"],
            translations=form.translations(),
            change_summaries=form.change_summaries(),
            change_summary=form.cleaned_data["change_summary"],
            effective_date=form.cleaned_data["effective_date"],
            author=request.user,
        )
        messages.info(
            request,
            gettext("Published version %(number)d, effective from %(date)s.")
            % {"number": version.number, "date": version.effective_date.isoformat()},
        )


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    """Browse versions; they are immutable, so nothing here can add, change or delete one."""

    list_display = ["policy", "number", "effective_date", "change_summary", "author", "created_at"]
    list_filter = ["policy"]
    readonly_fields = ["policy", "number", "body_html", "change_summary", "effective_date", "author", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
