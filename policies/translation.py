"""Policy titles and each version's text per language. A version holds every language at once (it is published
as one, immutable); a missing language shows the English text with a note saying so (``policies.selectors``)."""

from modeltranslation.translator import TranslationOptions, register

from policies.models import Policy, PolicyVersion


@register(Policy)
class PolicyTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(PolicyVersion)
class PolicyVersionTranslationOptions(TranslationOptions):
    fields = ("body_html", "change_summary")
