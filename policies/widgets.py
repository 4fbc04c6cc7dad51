"""The policy text editor: a plain textarea that our own script (``static/policies/richtext.js``) turns into a
small rich-text editor. No inline script or style, nothing from another origin, so the strict CSP stays as it is;
without JavaScript the textarea (HTML) still works. nh3 cleans whatever the editor sends (services)."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext


def _labels() -> dict[str, str]:
    # Built per render so the toolbar follows the admin's language (no JavaScript catalogue needed).
    return {
        "toolbar": gettext("Text formatting"),
        "paragraph": gettext("Paragraph"),
        "h2": gettext("Heading"),
        "h3": gettext("Subheading"),
        "bold": gettext("Bold"),
        "italic": gettext("Italic"),
        "ul": gettext("Bulleted list"),
        "ol": gettext("Numbered list"),
        "link": gettext("Link"),
        "unlink": gettext("Remove link"),
        "link_prompt": gettext("Link address (https://…, mailto:…)"),
        "source": gettext("Edit HTML"),
        "visual": gettext("Back to the editor"),
    }


class RichTextTextarea(forms.Textarea):
    """A textarea marked for the rich-text editor; every such field on the page (one per language) gets one."""

    class Media:
        css = {"all": ("policies/richtext.css",)}
        js = ("policies/richtext.js",)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-richtext"] = json.dumps(_labels())
        return context
