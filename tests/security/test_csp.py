"""Content-Security-Policy on every page type, no inline code anywhere, Stripe.js pinned [bar 18, 20]."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from django.conf import settings
from django.urls import reverse

from policies.models import Policy
from tests.accounts.helpers import sign_in, totp_enable, user_make
from tests.security.shop_flow import checkout_to_pay_step, shop_make

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "var", "node_modules", ".git"}

# Non-executable data blocks (JSON-LD, json_script) are allowed: the CSP does not run them.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype=[\"']application/(?:ld\+)?json[\"'])[^>]*>", re.I
)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def parse_csp(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0].lower()] = tokens[1:]
    return directives


def origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def inline_code_problems(html: str) -> list[str]:
    problems = []
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("style attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("on* handler", EVENT_HANDLER),
        ("javascript: URL", JS_URL),
    ]:
        problems += [f"{name}: {m.group(0)[:120]}" for m in pattern.finditer(html)]
    return problems


def assert_strict_csp(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no enforced CSP on {response.request['PATH_INFO']}"
    csp = parse_csp(header)
    stripe = origin(settings.STRIPE_JS_URL)
    assert csp["script-src"] == ["'self'", stripe]
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] in (["'none'"], ["'self'"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-src"] == [stripe]
    assert csp["connect-src"] == ["'self'", origin(settings.STRIPE_API_BASE)]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    return csp


@pytest.fixture
def catalogue(db):
    return shop_make()


def shopper_pages(category, product) -> list[str]:
    return [
        reverse("shop:home"),
        category.get_absolute_url(),
        product.get_absolute_url(),
        reverse("shop:cart"),
        reverse("shop:search") + "?q=oak",
        reverse("policies:policy", kwargs={"kind": Policy.Kind.RETURNS}),
        reverse("checkout:fees"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/pl/",
        "/this-page-does-not-exist/",
    ]


ACCOUNT_PAGES = [
    "accounts:overview",
    "accounts:orders",
    "accounts:addresses",
    "accounts:address_create",
    "accounts:security",
    "accounts:delete",
    "mfa_index",
    "mfa_view_recovery_codes",
    "usersessions_list",
    "account_email",
    "account_change_password",
]


@pytest.mark.django_db
def test_every_public_page_type_sends_the_strict_csp_and_has_no_inline_code(client, catalogue):
    category, product = catalogue
    for url in shopper_pages(category, product):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_strict_csp(response)
        assert inline_code_problems(response.content.decode()) == [], url


@pytest.mark.django_db
def test_account_mfa_and_admin_pages_send_the_strict_csp_and_have_no_inline_code(client, catalogue):
    staff = user_make(username="sam", email="sam@example.com", superuser=True)
    secret = totp_enable(staff)
    password_page = client.post(reverse("account_login"), {"login": staff.email, "password": "nope-nope-nope"})
    assert_strict_csp(password_page)
    sign_in(client, staff, secret=secret)
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"})
    pages = [reverse(name) for name in ACCOUNT_PAGES] + [
        reverse("mfa_deactivate_totp"),
        reverse("mfa_generate_recovery_codes"),
        "/admin/",
        "/admin/shop/product/",
        reverse("admin:shop_product_change", args=[catalogue[1].pk]),
        "/admin/auth/user/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_strict_csp(response)
        assert inline_code_problems(response.content.decode()) == [], url


@pytest.mark.django_db
def test_mfa_sign_in_step_sends_the_strict_csp(client):
    user = user_make(username="ada", email="ada@example.com")
    totp_enable(user)
    response = client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-staple"})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'autocomplete="one-time-code"' in page.content
    assert_strict_csp(page)
    assert inline_code_problems(page.content.decode()) == []


@pytest.mark.django_db
def test_totp_setup_qr_code_is_a_data_uri_the_csp_allows(client):
    user = user_make(username="ada", email="ada@example.com")
    sign_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"})
    page = client.get(reverse("mfa_activate_totp"))
    csp = assert_strict_csp(page)
    qr = re.search(r'<img src="(data:image/svg\+xml;base64,[^"]+)"', page.content.decode())
    assert qr, "QR code missing"
    assert "data:" in csp["img-src"]
    assert inline_code_problems(page.content.decode()) == []


@pytest.mark.django_db
def test_checkout_pay_step_loads_scripts_only_from_self_and_the_stripe_origin(client, catalogue):
    _category, product = catalogue
    review = checkout_to_pay_step(client, product)
    html = review.content.decode()
    sources = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html)
    stripe_origin = origin(settings.STRIPE_JS_URL)
    page_origin = "http://testserver"
    origins = {origin(urljoin(page_origin + "/", src)) for src in sources}
    assert settings.STRIPE_JS_URL in sources  # Stripe.js from the configured URL, nowhere else
    assert origins == {page_origin, stripe_origin}
    csp = assert_strict_csp(review)
    assert csp["script-src"] == ["'self'", stripe_origin]
    assert inline_code_problems(html) == []
    # Card fields live in Stripe's element only: the page has no input that could take a card number.
    inputs = re.findall(r"<input\b[^>]*>", html)
    card_like = re.compile(r"card.?number|cc-number|cc-exp|cc-csc|cvc|cvv|expir", re.I)
    assert [tag for tag in inputs if card_like.search(tag)] == []


@pytest.mark.django_db
def test_every_checkout_step_sends_the_strict_csp_and_has_no_inline_code(client, catalogue):
    _category, product = catalogue
    checkout_to_pay_step(client, product)
    for name in ("checkout_address", "checkout_delivery", "checkout_method", "checkout_review", "fees"):
        response = client.get(reverse(f"checkout:{name}"))
        assert response.status_code == 200, name
        assert_strict_csp(response)
        assert inline_code_problems(response.content.decode()) == [], name


# Not a page: the HTML part of every email (core/emails.py). Mail clients drop <link>ed CSS, so it carries its own
# <style>; the demo mailbox serves it only under a sandbox policy that allows inline styles and nothing else.
EMAIL_HTML = ROOT / "templates" / "emails" / "base.html"


def template_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*.html"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIP_DIRS or "templates" not in parts or path == EMAIL_HTML:
            continue
        files.append(path)
    return files


def test_no_template_has_inline_script_style_or_handlers():
    files = template_files()
    assert len(files) > 20  # the scan really looked at the project's templates
    problems = []
    for path in files:
        for problem in inline_code_problems(path.read_text()):
            problems.append(f"{path.relative_to(ROOT)}: {problem}")
    assert problems == []


def test_the_scanner_catches_what_it_should():
    bad = [
        "<script>alert(1)</script>",
        '<script type="text/javascript">x()</script>',
        '<p style="color:red">',
        "<style>p{}</style>",
        '<button onclick="x()">',
        '<a href="javascript:alert(1)">',
    ]
    for html in bad:
        assert inline_code_problems(html), html
    good = [
        '<script src="/static/js/app.js" defer></script>',
        '<script type="application/ld+json">{}</script>',
        "<p>Styles on sale: one=two</p>",
    ]
    for html in good:
        assert inline_code_problems(html) == [], html
