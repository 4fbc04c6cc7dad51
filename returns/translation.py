"""The returns conditions per language ("Unused, in the original packaging..."), shown to the shopper."""

from modeltranslation.translator import TranslationOptions, register

from returns.models import ReturnsTerms


@register(ReturnsTerms)
class ReturnsTermsTranslationOptions(TranslationOptions):
    fields = ("conditions",)
