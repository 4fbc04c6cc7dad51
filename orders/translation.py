"""Delivery zone and option names per language ("Evening delivery", "Dostawa wieczorna", "Avondlevering")."""

from modeltranslation.translator import TranslationOptions, register

from orders.models import DeliveryOption, DeliveryZone


@register(DeliveryOption)
class DeliveryOptionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(DeliveryZone)
class DeliveryZoneTranslationOptions(TranslationOptions):
    fields = ("name",)
