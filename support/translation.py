"""FAQ entries per language."""

from modeltranslation.translator import TranslationOptions, register

from support.models import FaqEntry


@register(FaqEntry)
class FaqEntryTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
