"""Forms for the catalogue: listing filters (shoppers) and the product price in major units (admin)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.formatting import CURRENCY_SYMBOLS
from core.money import Money
from core.money_input import MoneyAmountField
from shop.models import Category, Product
from shop.price_filter import PriceScale, base_price_scale
from shop.selectors import ProductFilters, Sort

MAX_PRICE = Decimal("1000000")  # one million in major units: far above anything sold, below any overflow

SORT_CHOICES = [
    (Sort.NAME, _("Name (A–Z)")),
    (Sort.PRICE_ASC, _("Price: low to high")),
    (Sort.PRICE_DESC, _("Price: high to low")),
    (Sort.NEWEST, _("Newest first")),
]


def _price_field() -> forms.DecimalField:
    """A price bound; its label names the currency it is typed in (``ProductFilterForm.__init__``). Localised:
    a Polish or Dutch shopper types "12,50" (the dot of a link's canonical "12.50" is read too)."""
    return forms.DecimalField(
        required=False,
        localize=True,
        min_value=Decimal("0"),
        max_value=MAX_PRICE,
        max_digits=9,
        decimal_places=2,
        # A text box (not type=number) so a mistyped value stays visible next to its error message.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "8"}),
        error_messages={"invalid": _("Enter a price as a number, for example 12.50.")},
    )


class ProductFilterForm(forms.Form):
    """GET filters for category and search pages. Invalid fields are reported and ignored, never guessed."""

    min_price = _price_field()
    max_price = _price_field()
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    min_rating = forms.TypedChoiceField(
        label=_("Customer rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Any rating")),
            ("4", _("4 stars and up")),
            ("3", _("3 stars and up")),
            ("2", _("2 stars and up")),
            ("1", _("1 star and up")),
        ],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(
        self,
        *args,
        with_category: bool = False,
        with_relevance: bool = False,
        price_scale: PriceScale | None = None,
        **kwargs,
    ) -> None:
        """``price_scale``: the currency the prices are typed in (the one the cards show, ``shop.price_filter``);
        the base currency without one."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.price_scale = price_scale or base_price_scale()
        symbol = CURRENCY_SYMBOLS.get(self.price_scale.currency, self.price_scale.currency)
        self.fields["min_price"].label = _("Minimum price (%(currency)s)") % {"currency": symbol}
        self.fields["max_price"].label = _("Maximum price (%(currency)s)") % {"currency": symbol}
        if with_category:
            self.fields["category"] = forms.ModelChoiceField(
                label=_("Category"),
                required=False,
                queryset=Category.objects.select_related("parent"),
                to_field_name="slug",
                empty_label=_("All categories"),
                error_messages={"invalid_choice": _("That category does not exist.")},
            )
            self.order_fields(["category"])
        if with_relevance:
            self.fields["sort"].choices = [(Sort.RELEVANCE, _("Best match")), *SORT_CHOICES]
        self.default_sort = Sort.RELEVANCE if with_relevance else Sort.NAME

    def clean(self) -> dict:
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The maximum price must not be below the minimum price."))
            cleaned.pop("max_price", None)
        return cleaned

    def filters(self, *, category: Category | None = None) -> ProductFilters:
        """The filters from the fields that are valid (call after ``is_valid()``)."""
        data = getattr(self, "cleaned_data", {})
        scale = self.price_scale

        def base(value: Decimal | None, to_base) -> int | None:
            # The bound in the currency typed, then the base amounts whose shown price is within it.
            return None if value is None else to_base(Money.from_decimal(value, scale.currency).amount)

        return ProductFilters(
            category=category if category is not None else data.get("category"),
            min_price=base(data.get("min_price"), scale.base_at_least),
            max_price=base(data.get("max_price"), scale.base_at_most),
            in_stock_only=bool(data.get("in_stock")),
            min_rating=data.get("min_rating"),
            sort=data.get("sort") or self.default_sort,
        )

    def cache_key(self) -> str:
        """What the rendered fields depend on when the form is valid: which fields it has, and their values."""
        fields = ",".join(self.fields)
        return f"{fields}|{self.default_sort}|{self.price_scale.currency}|{self.canonical_query().urlencode()}"

    def canonical_query(self) -> QueryDict:
        """The valid filters as query parameters, each in one spelling, in field order (call after ``is_valid()``).

        Cache keys and page links are built from this, never from the raw query string: unknown parameters,
        invalid values and other spellings of the same filter (``10`` / ``10.00``) make no new cache entry.
        """
        data = getattr(self, "cleaned_data", {})
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = data.get(name)
            if value is None or value is False or value == "":
                continue
            if value is True:
                query[name] = "on"  # what the checkbox sends
            elif isinstance(value, Decimal):
                query[name] = f"{value:.2f}"
            elif isinstance(value, Category):
                query[name] = value.slug
            else:
                query[name] = str(value)
        return query


class ProductAdminForm(forms.ModelForm):
    """The merchant types the price as money (``19.99`` or ``19,99``); it is stored exactly as minor units (1999)."""

    price = MoneyAmountField(label=_("Price"), help_text=_("For example 19.99 or 19,99"))

    class Meta:
        model = Product
        fields = [
            "category", "name", "slug", "sku", "brand", "description", "price", "currency", "stock",
            "weight_grams", "country_of_origin", "warranty_months", "authenticity_statement", "is_active",
            "is_featured",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["price"] = self.instance.price_amount

    def clean(self) -> dict:
        cleaned = super().clean()
        price, currency = cleaned.get("price"), cleaned.get("currency") or settings.SHOP_CURRENCY
        if price is not None:
            if Money(price, currency) > Money.from_decimal(MAX_PRICE, currency):
                self.add_error("price", _("Enter a price below one million."))
            else:
                self.instance.price_amount = price
        return cleaned
