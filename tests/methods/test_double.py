"""The localstripe test double follows Stripe's rules for these methods (so a test cannot pass here and fail at
Stripe): currencies, required billing details, return_url, the BLIK code's shape, the authorisation page."""

from __future__ import annotations

import pytest
import requests

pytestmark = [pytest.mark.localstripe]


def api(base, path, data=None, method="post"):
    return requests.request(
        method, f"{base}{path}", data=data or {}, headers={"Authorization": "Bearer sk_test_double"}, timeout=10
    )


def intent(base, currency, method_type):
    response = api(
        base,
        "/v1/payment_intents",
        {"amount": 5000, "currency": currency, "payment_method_types[0]": method_type},
    )
    assert response.status_code == 200, response.text
    return response.json()


def confirm(base, pi, method_type, **extra):
    data = {"payment_method_data[type]": method_type, **extra}
    return api(base, f"/v1/payment_intents/{pi['id']}/confirm", data)


@pytest.mark.parametrize(
    ("method_type", "currency"), [("ideal", "pln"), ("bancontact", "pln"), ("blik", "eur"), ("p24", "gbp")]
)
def test_a_currency_stripe_refuses_is_refused(localstripe_url, method_type, currency):
    pi = intent(localstripe_url, currency, method_type)
    answer = confirm(
        localstripe_url,
        pi,
        method_type,
        return_url="http://shop.example/back",
        **{"payment_method_data[billing_details][name]": "A", "payment_method_data[billing_details][email]": "a@b.c"},
        **({"payment_method_options[blik][code]": "123456"} if method_type == "blik" else {}),
    )
    assert answer.status_code == 400
    assert "currency" in answer.text


def test_redirect_methods_need_a_return_url_and_their_billing_details(localstripe_url):
    pi = intent(localstripe_url, "eur", "ideal")
    assert confirm(localstripe_url, pi, "ideal").status_code == 400  # no return_url
    pi = intent(localstripe_url, "eur", "bancontact")
    assert confirm(localstripe_url, pi, "bancontact", return_url="http://shop.example/back").status_code == 400
    pi = intent(localstripe_url, "pln", "p24")
    answer = confirm(
        localstripe_url,
        pi,
        "p24",
        return_url="http://shop.example/back",
        **{"payment_method_data[billing_details][email]": "a@b.c"},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "requires_action"
    assert body["next_action"]["type"] == "redirect_to_url"
    assert body["next_action"]["redirect_to_url"]["return_url"] == "http://shop.example/back"


def test_a_type_not_on_the_intent_is_refused(localstripe_url):
    pi = intent(localstripe_url, "eur", "card")
    answer = confirm(localstripe_url, pi, "ideal", return_url="http://shop.example/back")
    assert answer.status_code == 400


@pytest.mark.parametrize("code", ["", "12345", "abcdef"])
def test_blik_code_must_be_six_digits(localstripe_url, code):
    pi = intent(localstripe_url, "pln", "blik")
    assert confirm(localstripe_url, pi, "blik", **{"payment_method_options[blik][code]": code}).status_code == 400


def test_the_authorisation_page_wants_the_client_secret_and_is_gone_once_answered(localstripe_url):
    pi = intent(localstripe_url, "eur", "ideal")
    body = confirm(localstripe_url, pi, "ideal", return_url="http://shop.example/back?key=1").json()
    url = body["next_action"]["redirect_to_url"]["url"]
    assert requests.get(url.split("?")[0], timeout=10).status_code == 401  # no client secret
    page = requests.get(url, timeout=10)
    assert "Test double" in page.text and "No money moves" in page.text
    answer = requests.post(
        url.split("?")[0],
        data={"client_secret": pi["client_secret"], "action": "authorize"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303
    assert answer.headers["Location"].startswith("http://shop.example/back?key=1&payment_intent=")
    assert requests.get(url, timeout=10).status_code == 410  # answered: no second decision
    assert api(localstripe_url, f"/v1/payment_intents/{pi['id']}", method="get").json()["status"] == "succeeded"
