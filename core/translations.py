"""Texts kept per language (django-modeltranslation, docs/languages.md): what is still untranslated.

The admin edits each translated field once per language, side by side (``name [en]``, ``name [pl]``,
``name [nl]``); English is required and any other empty translation shows the English text. The list pages say
which languages an object still lacks, and filter on it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname


def translated_fields(model: type[models.Model]) -> list[str]:
    """The model's fields that hold a text per language (``[]`` for a model without any)."""
    if model not in translator.get_registered_models():
        return []
    return list(translator.get_options_for_model(model).fields)


def other_languages() -> list[str]:
    """The shop's languages besides the default (English), the ones translations may be missing in."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_has_text(*, obj: models.Model, language: str, fields: list[str] | None = None) -> bool:
    """Whether every translated field of ``obj`` (or every one of ``fields``) has a text in ``language``."""
    names = fields if fields is not None else translated_fields(type(obj))
    return all((getattr(obj, build_localized_fieldname(name, language), None) or "").strip() for name in names)


def languages_missing(*, obj: models.Model, fields: list[str] | None = None) -> list[str]:
    """The languages (codes, besides English) in which some text of ``obj`` is still missing."""
    return [code for code in other_languages() if not language_has_text(obj=obj, language=code, fields=fields)]


class UntranslatedFilter(admin.SimpleListFilter):
    title = _("missing a translation")
    parameter_name = "untranslated"

    def lookups(self, request, model_admin):
        names = dict(settings.LANGUAGES)
        return [(code, names[code]) for code in other_languages()]

    def queryset(self, request, queryset):
        code = self.value()
        if code not in other_languages():
            return queryset
        missing = Q()
        for name in translated_fields(queryset.model):
            column = build_localized_fieldname(name, code)
            missing |= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        return queryset.filter(missing)


class TranslatedAdmin(TranslationAdmin):
    """A model admin whose translated fields appear once per language, with a "missing translations" column."""

    def get_list_display(self, request):
        return [*super().get_list_display(request), "missing_translations"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), UntranslatedFilter]

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj: models.Model) -> str:
        names = dict(settings.LANGUAGES)
        return ", ".join(str(names[code]) for code in languages_missing(obj=obj)) or "—"


class TranslatedTabularInline(TranslationTabularInline):
    """An inline whose translated fields appear once per language."""
