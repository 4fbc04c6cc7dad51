"""Catalogue texts per language (django-modeltranslation: ``name_en``, ``name_pl``, ``name_nl``...).

Reading ``product.name`` gives the active language's text, or the English one while a translation is missing.
"""

from modeltranslation.translator import TranslationOptions, register

from shop.models import Category, Product

# The fields a shopper reads; search (``shop.search``) looks in the active language's columns.
PRODUCT_TRANSLATED_FIELDS = ("name", "description", "authenticity_statement")


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Product)
class ProductTranslationOptions(TranslationOptions):
    fields = PRODUCT_TRANSLATED_FIELDS
