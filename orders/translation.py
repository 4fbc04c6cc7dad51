"""Delivery option names per language ("Evening delivery", "Dostawa wieczorna", "Avondlevering")."""

from modeltranslation.translator import TranslationOptions, register

from orders.models import DeliveryOption


@register(DeliveryOption)
class DeliveryOptionTranslationOptions(TranslationOptions):
    fields = ("name",)
