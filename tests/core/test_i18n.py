"""English, Polish and Dutch: pages render translated, the switcher keeps the page, prices follow the locale,
and the catalogues are complete (an untranslated or fuzzy string fails the suite).

The .mo files are built from the committed .po files by `make test` / `make demo` (compilemessages); the page
tests fail if they were not built, which is the point: a shopper would see English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from demo.seeding.payments import seed_payment_config
from policies.factories import PolicyFactory, PolicyVersionFactory
from shop.factories import ProductFactory
from shop.models import Cart, CartLine
from shop.selectors import CART_SESSION_KEY

LOCALE = Path(settings.BASE_DIR) / "locale"
PLURAL_FORMS = {
    "pl": "nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14) ? 1 : 2);",
    "nl": "nplurals=2; plural=(n != 1);",
}


# --- a small .po reader (the test must not depend on a translation tool) --------------------------------------


def _unquote(text: str) -> str:
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    return body[1:-1].encode("raw_unicode_escape").decode("unicode_escape")


def po_entries(lang: str) -> list[dict]:
    """Every entry of locale/<lang>/LC_MESSAGES/django.po: msgctxt, msgid, msgid_plural, msgstr list, flags."""
    path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    entries: list[dict] = []
    entry: dict | None = None
    field: str | None = None

    def finish() -> None:
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):  # blank line or an obsolete entry
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry and field is not None and field.startswith("msgstr"):
                finish()
                entry, field = None, None
            entry = entry or {"flags": set(), "msgstr": {}}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if field.startswith("msgstr"):
                index = int(field[7:-1]) if "[" in field else 0
                entry["msgstr"][index] += value
            else:
                entry[field] += value
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and entry is not None and field is not None and field.startswith("msgstr"):
            finish()
            entry = None
        entry = entry or {"flags": set(), "msgstr": {}}
        field = keyword
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            entry["msgstr"][index] = _unquote(rest)
        else:
            entry[keyword] = _unquote(rest)
    finish()
    return entries


def header(entries: list[dict]) -> dict[str, str]:
    first = next(e for e in entries if e["msgid"] == "")
    lines = [line for line in first["msgstr"][0].split("\n") if ":" in line]
    return {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines)}


# Python-format (%(name)s, %(n)d, %%), str.format ({name}) and HTML tags must survive translation unchanged.
TOKEN = re.compile(r"%\([^)]+\)[sdif]|%%|\{[A-Za-z_][^{}]*\}|</?[A-Za-z][^>]*>")


# --- the catalogues ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["pl", "nl"])
def test_catalogue_headers(lang):
    meta = header(po_entries(lang))
    assert meta["Language"] == lang
    assert "charset=UTF-8" in meta["Content-Type"]
    assert meta["Plural-Forms"] == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", ["pl", "nl"])
def test_every_string_is_translated_and_reviewed(lang):
    """A new {% translate %} or gettext() without a Polish and Dutch translation fails here (run makemessages)."""
    entries = [e for e in po_entries(lang) if e["msgid"]]
    assert len(entries) > 1000  # the whole shop, not a stub
    nplurals = int(PLURAL_FORMS[lang].split("nplurals=")[1].split(";")[0])
    untranslated = [e["msgid"] for e in entries if not all(v.strip() for v in e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    wrong_plurals = [e["msgid"] for e in entries if "msgid_plural" in e and len(e["msgstr"]) != nplurals]
    assert not untranslated, f"{len(untranslated)} untranslated in {lang}: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {lang}: {fuzzy[:10]}"
    assert not wrong_plurals, wrong_plurals[:10]


@pytest.mark.parametrize("lang", ["pl", "nl"])
def test_placeholders_and_tags_are_preserved(lang):
    broken = []
    for e in po_entries(lang):
        if not e["msgid"]:
            continue
        sources = [sorted(TOKEN.findall(e["msgid"]))]
        if "msgid_plural" in e:
            sources.append(sorted(TOKEN.findall(e["msgid_plural"])))
        for translation in e["msgstr"].values():
            if sorted(TOKEN.findall(translation)) not in sources:
                broken.append((e["msgid"], translation))
            if e["msgid"][-1:].isspace() != translation[-1:].isspace():  # "… until " + a date
                broken.append((e["msgid"], "trailing space differs"))
    assert not broken, broken[:10]


def test_legal_terms_use_the_agreed_wording():
    pl = {e["msgid"]: e["msgstr"] for e in po_entries("pl")}
    nl = {e["msgid"]: e["msgstr"] for e in po_entries("nl")}
    withdrawal = "not offered: the returns policy you accepted with this order only has the legal 14-day withdrawal"
    assert "prawo odstąpienia od umowy" in pl[withdrawal][0]
    assert "herroepingsrecht" in nl[withdrawal][0]
    assert "3-D Secure" in pl["Require 3-D Secure"][0] and "3-D Secure" in nl["Require 3-D Secure"][0]
    assert "obciążeń zwrotnych (chargeback)" in pl["Chargeback-prone"][0]
    assert "terugboekingen (chargeback)" in nl["Chargeback-prone"][0]


# --- pages as a shopper sees them ---------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    seed_payment_config()
    PolicyVersionFactory(policy=PolicyFactory(kind="returns"))
    return ProductFactory(name="Enamel mug", price_amount=123456, stock=5)


def fill_cart(client, product) -> None:
    cart = Cart.objects.create(guest_token="i18n-guest-cart-token")
    CartLine.objects.create(cart=cart, product=product, quantity=1)
    session = client.session
    session[CART_SESSION_KEY] = cart.guest_token
    session.save()


PAGES = {
    # page: (path after the language prefix, Polish strings, Dutch strings, English strings that must be gone)
    "home": (
        "/",
        ["Dobrze wykonane rzeczy na co dzień, opisane uczciwie", "Kupuj według kategorii"],
        ["Goedgemaakte spullen voor elke dag, eerlijk beschreven", "Winkelen per categorie"],
        ["Shop by category"],
    ),
    "product": (
        "/p/{slug}/",
        ["Dodaj do koszyka", "Informacje o produkcie", "Gwarancja"],
        ["In winkelwagen", "Productfeiten", "Garantie"],
        ["Add to cart", "Product facts"],
    ),
    "cart": (
        "/cart/",
        ["Suma za produkty", "Cena jednostkowa", "Koszt dostawy i ewentualna opłata za płatność"],
        ["Je winkelwagen", "Totaal artikelen", "Stukprijs"],
        ["Your cart", "Items total"],
    ),
    "checkout": (
        "/checkout/address/",
        ["Kontakt i adres", "Przejdź do dostawy", "Ulica i numer"],
        ["Contact en adres", "Verder naar bezorging", "Straat en huisnummer"],
        ["Continue to delivery", "Street and number"],
    ),
    "trust": (
        "/trust/",
        ["Centrum zaufania", "Jak nas rozpoznać", "Bezpieczne połączenie"],
        ["Vertrouwenscentrum", "Zo herken je ons", "Beveiligde verbinding"],
        ["How to recognise us"],
    ),
    "policy": (
        "/policies/returns/",
        ["Historia wersji", "obowiązuje od", "Strona główna"],
        ["Versiegeschiedenis", "van kracht sinds", "Home"],
        ["Version history", "in force since"],
    ),
    "login": ("/accounts/login/", ["Zaloguj się", "Hasło"], ["Inloggen", "Wachtwoord"], ["Sign in"]),
}


@pytest.mark.parametrize("lang", ["pl", "nl"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_in_the_language(client, catalogue, lang, page):
    path, polish, dutch, english = PAGES[page]
    if page in ("cart", "checkout"):
        fill_cart(client, catalogue)
    response = client.get(f"/{lang}" + path.format(slug=catalogue.slug))
    assert response.status_code == 200, (page, response.status_code)
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    for text in polish if lang == "pl" else dutch:
        assert text in html, (page, lang, text)
    for text in english:
        assert text not in html, (page, lang, text)
    # The footer (on every page) is translated too.
    assert ("Centrum zaufania" if lang == "pl" else "Vertrouwenscentrum") in html


def test_english_stays_unprefixed(client, catalogue):
    html = client.get(f"/p/{catalogue.slug}/").content.decode()
    assert '<html lang="en">' in html and "Add to cart" in html and "€1,234.56" in html


@pytest.mark.parametrize(
    ("lang", "price"),
    [("pl", "1\u00a0234,56\u00a0€"), ("nl", "€\u00a01.234,56"), ("en", "€1,234.56")],
)
def test_prices_use_the_locale_format(client, catalogue, lang, price):
    """Euros as each language writes them (a Polish page shows złoty unless the shopper picks euro: pick it)."""
    prefix = "" if lang == "en" else f"/{lang}"
    client.post("/currency/", {"currency": "EUR", "next": "/"})
    product_page = client.get(f"{prefix}/p/{catalogue.slug}/").content.decode()
    assert price in product_page
    fill_cart(client, catalogue)
    cart_page = client.get(f"{prefix}/cart/").content.decode()
    assert price in cart_page


@pytest.mark.parametrize(("lang", "expected"), [("pl", "/pl/p/{slug}/"), ("nl", "/nl/p/{slug}/"), ("en", "/p/{slug}/")])
def test_language_switcher_keeps_the_page(client, catalogue, lang, expected):
    start = f"/nl/p/{catalogue.slug}/" if lang == "en" else f"/p/{catalogue.slug}/"
    page = client.get(start).content.decode()
    # The switcher is a real form in the footer: a GET to set_language with the current page as `next`, so it
    # needs no CSRF token and the page no cookie.
    switcher = re.search(r'<form class="language-switcher"[^>]*>.*?</form>', page, re.S).group(0)
    assert 'action="/i18n/setlang/" method="get"' in switcher and "csrfmiddlewaretoken" not in switcher
    assert f'name="next" type="hidden" value="{start}"' in switcher
    response = client.get("/i18n/setlang/", {"language": lang, "next": start})
    assert response.status_code == 302
    assert response["Location"] == expected.format(slug=catalogue.slug)
    assert not response.cookies  # the language is in the address: nothing to store
    landed = client.get(response["Location"]).content.decode()
    assert f'<html lang="{lang}">' in landed
    assert {"pl": "Dodaj do koszyka", "nl": "In winkelwagen", "en": "Add to cart"}[lang] in landed


def test_language_switcher_post_still_stores_the_choice(client, catalogue):
    start = f"/p/{catalogue.slug}/"
    response = client.post("/i18n/setlang/", {"language": "pl", "next": start})
    assert response.status_code == 302 and response["Location"] == f"/pl/p/{catalogue.slug}/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"


def test_language_switcher_keeps_the_query_string(client, catalogue):
    response = client.get("/i18n/setlang/", {"language": "nl", "next": "/search/?q=mug"})
    assert response.status_code == 302 and response["Location"] == "/nl/search/?q=mug"


@pytest.mark.parametrize(
    ("cookie", "start", "lang", "expected"),
    [
        ("pl", "/p/{slug}/", "nl", "/nl/p/{slug}/"),  # an English page while the cookie still says Polish
        (None, "/pl/cart/", "nl", "/nl/cart/"),  # a /pl/ link opened in an English browser
        ("nl", "/pl/cart/", "en", "/cart/"),
    ],
)
def test_language_switcher_works_whatever_the_previous_language(client, catalogue, cookie, start, lang, expected):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    start = start.format(slug=catalogue.slug)
    response = client.post("/i18n/setlang/", {"language": lang, "next": start}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == expected.format(slug=catalogue.slug)


def test_language_switcher_refuses_an_unknown_language_and_a_foreign_next(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/cart/"})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    response = client.post("/i18n/setlang/", {"language": "pl", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("foreign", ["https://evil.example/", "//evil.example/p/x/", "/\\evil.example/"])
def test_language_switcher_never_leaves_the_shop(client, catalogue, method, foreign):
    response = getattr(client, method)("/i18n/setlang/", {"language": "pl", "next": foreign})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_language_switcher_get_with_an_unknown_language_stays_on_the_page(client, catalogue):
    response = client.get("/i18n/setlang/", {"language": "xx", "next": "/cart/"})
    assert response.status_code == 302 and response["Location"] == "/cart/"


def test_plural_forms_follow_polish_grammar(client, catalogue):
    """1 produkt, 3 produkty, 5 produktów: the three Polish plural forms reach the page."""
    from django.utils import translation

    with translation.override("pl"):
        forms = [
            translation.ngettext("%(counter)s product", "%(counter)s products", n) % {"counter": n}
            for n in (1, 3, 5, 22, 25)
        ]
    assert forms == ["1 produkt", "3 produkty", "5 produktów", "22 produkty", "25 produktów"]
    with translation.override("nl"):
        assert translation.ngettext("%(counter)s product", "%(counter)s products", 2) % {"counter": 2} == "2 producten"


@pytest.mark.parametrize(
    ("lang", "button"),
    # €1,234.56 of items; delivery to the Netherlands is free from €60 (the demo zone's threshold).
    [("pl", "Zapłać 1\u00a0234,56\u00a0€"), ("nl", "Betaal €\u00a01.234,56"), ("en", "Pay €1,234.56")],
)
def test_pay_button_shows_the_total_in_the_locale_format(client, catalogue, lang, button):
    """The amount on the pay button is the same text as the total in the summary next to it, in every language."""
    import re as re_

    from orders.models import PaymentMethod

    prefix = "" if lang == "en" else f"/{lang}"
    fill_cart(client, catalogue)
    address = {
        "email": "guest@example.com",
        "full_name": "Gus Guest",
        "address_line1": "Damrak 1",
        "postal_code": "1012",
        "city": "Amsterdam",
        "country": "NL",
    }
    assert client.post(f"{prefix}/checkout/address/", address).status_code == 302
    page = client.get(f"{prefix}/checkout/delivery/").content.decode()
    option = re_.search(r'name="delivery_option" id="delivery-(\d+)"', page).group(1)
    assert client.post(f"{prefix}/checkout/delivery/", {"delivery_option": option}).status_code == 302
    assert client.post(f"{prefix}/checkout/payment-method/", {"payment_method": PaymentMethod.CARD}).status_code == 302
    review = client.get(f"{prefix}/checkout/review/").content.decode()
    assert button in review
    assert "EUR 1234.56" not in review
