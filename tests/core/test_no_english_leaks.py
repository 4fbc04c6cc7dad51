"""No English on a Polish or Dutch page: every shopper page type, rendered in each language, is checked against
the English catalogue of interface strings and the seeded English content (catalogue and policy texts).

A string counts as English when it is a msgid whose translation differs from it (brand names and "3-D Secure"
stay as they are in every language); strings with placeholders are checked by their literal fragments. Short
strings (under 16 characters) are left out: "Home", "Audio" and "Stripe" are the same word in Dutch or Polish.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from demo.seeding.payments import seed_payment_config
from demo.seeding.policies import seed_policies
from orders.models import DeliveryOption, DeliveryZone, PaymentMethod
from policies.models import PolicyVersion
from policies.selectors import policy_text_lines
from shop.factories import CategoryFactory, ProductFactory
from shop.models import Cart, CartLine
from shop.selectors import CART_SESSION_KEY
from support.factories import FaqEntryFactory
from tests.payments.test_checkout_views import pay_form, walk_to_review

pytestmark = pytest.mark.django_db

MIN_LENGTH = 16
_ENTRY_RE = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)msgstr "(.*)"\n((?:".*"\n)*)', re.MULTILINE)
_PLACEHOLDER_RE = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}|<[^>]+>")


def _po_strings(language: str) -> set[str]:
    """The English msgids (and their literal fragments) whose translation in ``language`` differs."""
    text = (Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    english: set[str] = set()
    for match in _ENTRY_RE.finditer(text):
        msgid = match.group(1) + "".join(line[1:-1] for line in match.group(2).splitlines())
        msgstr = match.group(3) + "".join(line[1:-1] for line in match.group(4).splitlines())
        msgid, msgstr = (s.encode().decode("unicode_escape").encode("latin-1").decode() for s in (msgid, msgstr))
        if not msgid or not msgstr or msgid == msgstr:
            continue
        for fragment in _PLACEHOLDER_RE.split(msgid):
            fragment = " ".join(fragment.split()).strip(" .,:;()")
            if len(fragment) >= MIN_LENGTH and fragment not in msgstr:
                english.add(fragment)
    return english


def visible_text(page: str) -> str:
    """What a reader sees: the text of ``<body>`` without scripts, styles and templates, entities decoded."""
    body = page[page.index("<body") :]
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.DOTALL | re.IGNORECASE)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html_lib.unescape(body).split())


@pytest.fixture
def shop(db):
    seed_payment_config()
    seed_policies()
    kitchen = CategoryFactory(
        slug="kitchen", name="Kitchen", name_pl="Kuchnia", name_nl="Keuken",
        description="Cookware made to be used every day.", description_pl="Naczynia do codziennego użytku.",
        description_nl="Pannen om elke dag te gebruiken.",
    )  # fmt: skip
    product = ProductFactory(
        category=kitchen, sku="KIT-001", slug="frying-pan", price_amount=5900, stock=3,
        name="Carbon steel frying pan", name_pl="Patelnia ze stali węglowej", name_nl="Koekenpan van koolstofstaal",
        description="Spun from a single sheet of carbon steel, it seasons with use.",
        description_pl="Wyoblana z jednego arkusza stali węglowej, z każdym użyciem nabiera patyny.",
        description_nl="Gedreven uit één plaat koolstofstaal, wordt beter met elk gebruik.",
        authenticity_statement="Bought directly from the maker's workshop in Solingen.",
        authenticity_statement_pl="Kupowane bezpośrednio w warsztacie wytwórcy w Solingen.",
        authenticity_statement_nl="Rechtstreeks ingekocht bij de werkplaats van de maker in Solingen.",
    )  # fmt: skip
    FaqEntryFactory(
        question="How long does delivery take?", question_pl="Jak długo trwa dostawa?",
        question_nl="Hoe lang duurt de levering?", answer="<p>The checkout shows the date before you pay.</p>",
        answer_pl="<p>Kasa pokazuje datę, zanim zapłacisz.</p>",
        answer_nl="<p>De kassa toont de datum voordat je betaalt.</p>",
        topic="delivery",
    )  # fmt: skip
    return product


def _seeded_english(product) -> set[str]:
    texts = {product.name_en, product.description_en, product.authenticity_statement_en, "Cookware made to be used"}
    for version in PolicyVersion.objects.all():
        texts.update(line for line in policy_text_lines(html=version.body_html_en) if len(line) >= 30)
    english = {text for text in texts if len(text) >= MIN_LENGTH}
    # Delivery zones and options ("Evening delivery", "Switzerland"), whatever their length, where translated.
    for model in (DeliveryZone, DeliveryOption):
        english.update(name for name, pl, nl in model.objects.values_list("name_en", "name_pl", "name_nl")
                       if name and name not in (pl, nl) and len(name) > 3)  # fmt: skip
    return english


PAGES = [
    "/",
    "/c/kitchen/",
    "/p/frying-pan/",
    "/search/?q=stal",
    "/search/?q=xyzzyq",
    "/cart/",
    "/checkout/address/",
    "/policies/returns/",
    "/policies/shipping/",
    "/policies/privacy/",
    "/policies/terms/",
    "/policies/payment-security/",
    "/policies/withdrawal-form/",
    "/policies/terms/v1/",
    "/trust/",
    "/support/faq/",
    "/support/",
    "/accounts/login/",
]


@pytest.mark.parametrize("language", ["pl", "nl"])
def test_no_english_text_on_a_polish_or_dutch_page(client, shop, language):
    cart = Cart.objects.create(guest_token=f"leak-{language}")
    CartLine.objects.create(cart=cart, product=shop, quantity=1)
    session = client.session
    session[CART_SESSION_KEY] = cart.guest_token
    session.save()
    english = _po_strings(language) | _seeded_english(shop)
    leaks = {}
    for path in PAGES:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, (path, response.status_code)
        text = visible_text(response.content.decode())
        found = sorted(string for string in english if string in text)
        if found:
            leaks[path] = found
        assert ". ." not in text and ".." not in text.replace("...", "").replace("…", ""), (path, "double full stop")
    assert not leaks, leaks


def test_the_check_finds_english(client, shop):
    """The check itself: an English page, or a Polish page with an untranslated product, is caught."""
    english = _po_strings("pl") | _seeded_english(shop)
    text = visible_text(client.get("/p/frying-pan/").content.decode())
    assert any(string in text for string in english)
    shop.name_pl = ""
    shop.save()
    text = visible_text(client.get("/pl/p/frying-pan/").content.decode())
    assert "Carbon steel frying pan" in text


@pytest.mark.parametrize(("language", "country"), [("pl", "PL"), ("nl", "NL")])
def test_no_english_text_in_the_checkout_steps_and_on_the_order_page(
    client, shop, language, country, django_capture_on_commit_callbacks
):
    """The delivery options ("Evening delivery"), the payment methods' lines, the review page and the order page
    with its timeline, in the shopper's language."""
    page, token = walk_to_review(client, shop, method=PaymentMethod.BANK_TRANSFER, country=country)
    english = _po_strings(language) | _seeded_english(shop) | {"Evening delivery", "Standard (PostNL)"}
    leaks = {}
    for path in ("/checkout/delivery/", "/checkout/payment-method/", "/checkout/review/"):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        found = sorted(string for string in english if string in visible_text(response.content.decode()))
        if found:
            leaks[path] = found
    review = client.get(f"/{language}/checkout/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(f"/{language}/checkout/pay/", pay_form(review, token))
    assert placed.status_code == 302
    order_page = client.get(placed.url)
    assert order_page.status_code == 200 and f'lang="{language}"' in order_page.content.decode()
    found = sorted(string for string in english if string in visible_text(order_page.content.decode()))
    if found:
        leaks["order"] = found
    # The order's emails, every part of them, in the order's language.
    assert mail.outbox, "placing the order sends its email"
    for message in mail.outbox:
        parts = [message.subject, message.body, *(content for content, _type in getattr(message, "alternatives", []))]
        text = " ".join(visible_text(f"<body>{part}</body>") for part in parts)
        found = sorted(string for string in english if string in text)
        if found:
            leaks[f"email: {message.subject}"] = found
    assert not leaks, leaks
