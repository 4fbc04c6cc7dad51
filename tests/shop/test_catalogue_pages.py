"""Home, category and product pages: what a shopper sees, bad query parameters, JSON-LD, query counts."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.factories import CategoryFactory, ProductFactory
from shop.selectors import PAGE_SIZE, product_jsonld_data
from tests.shop.catalogue_helpers import add_images, make_products, make_tree

pytestmark = pytest.mark.django_db


def names_on(response) -> list[str]:
    """Product names in the order the cards show them."""
    return re.findall(r'<h3><a href="/p/[^"]+/">([^<]+)</a></h3>', response.content.decode())


# --- Home -------------------------------------------------------------------------------------------------


def test_home_lists_top_level_categories_with_subcategories_and_featured_products(client):
    kitchen, cookware, audio = make_tree()
    ProductFactory(name="Featured pan", category=cookware, is_featured=True, stock=3)
    ProductFactory(name="Plain pan", category=cookware)
    ProductFactory(name="Sold-out featured", category=cookware, is_featured=True, stock=0)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/c/kitchen/"' in html and 'href="/c/audio/"' in html and 'href="/c/cookware/"' in html
    assert names_on(response) == ["Featured pan"]  # featured and in stock only: no sold-out teaser


def test_home_without_featured_products_shows_newest_in_stock(client):
    _kitchen, cookware, _audio = make_tree()
    ProductFactory(name="Older", category=cookware)
    ProductFactory(name="Newer", category=cookware)
    ProductFactory(name="Empty shelf", category=cookware, stock=0)
    assert names_on(client.get("/")) == ["Newer", "Older"]


# --- Category ---------------------------------------------------------------------------------------------


def test_top_level_category_lists_its_subcategories_products_too(client):
    kitchen, cookware, audio = make_tree()
    ProductFactory(name="Kettle", category=kitchen)
    ProductFactory(name="Saucepan", category=cookware)
    ProductFactory(name="Speaker", category=audio)
    ProductFactory(name="Hidden pan", category=cookware, is_active=False)
    response = client.get("/c/kitchen/")
    assert response.status_code == 200
    assert names_on(response) == ["Kettle", "Saucepan"]
    assert "2 products" in response.content.decode()
    assert names_on(client.get("/c/cookware/")) == ["Saucepan"]


def test_category_page_has_breadcrumbs_and_subcategory_links(client):
    kitchen, cookware, _audio = make_tree()
    html = client.get("/c/cookware/").content.decode()
    crumbs = r'<a href="/">Home</a>.*<a href="/c/kitchen/">Kitchen</a>.*aria-current="page">Cookware'
    assert re.search(crumbs, html, re.S)
    assert 'href="/c/cookware/"' in client.get("/c/kitchen/").content.decode()


def test_unknown_category_is_404(client):
    assert client.get("/c/no-such-thing/").status_code == 404


def test_price_range_in_major_units_and_in_stock_filter(client):
    _kitchen, cookware, _audio = make_tree()
    ProductFactory(name="Cheap", category=cookware, price_amount=999)
    ProductFactory(name="Middle", category=cookware, price_amount=2550)
    ProductFactory(name="Middle sold out", category=cookware, price_amount=2000, stock=0)
    ProductFactory(name="Dear", category=cookware, price_amount=10000)
    response = client.get("/c/cookware/", {"min_price": "10", "max_price": "25.50"})
    assert names_on(response) == ["Middle", "Middle sold out"]
    response = client.get("/c/cookware/", {"min_price": "10", "max_price": "25.50", "in_stock": "on"})
    assert names_on(response) == ["Middle"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"min_price": "abc"}, "Enter a price as a number"),
        ({"min_price": "-5"}, "greater than or equal to 0"),
        ({"max_price": "1e30"}, "less than or equal to"),
        ({"max_price": "NaN"}, "Enter a price as a number"),
        ({"min_price": "3.999"}, "2 decimal places"),
        ({"min_price": "50", "max_price": "10"}, "must not be below the minimum"),
    ],
)
def test_bad_price_filters_show_an_error_and_are_ignored(client, params, message):
    _kitchen, cookware, _audio = make_tree()
    ProductFactory(name="Cheap", category=cookware, price_amount=999)
    ProductFactory(name="Dear", category=cookware, price_amount=10000)
    response = client.get("/c/cookware/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Cheap" in names_on(response) or "Dear" in names_on(response)
    if "min_price" in params and "max_price" not in params:
        assert names_on(response) == ["Cheap", "Dear"]  # the bad bound is ignored, not guessed


def test_sorting_by_price_newest_and_name(client):
    _kitchen, cookware, _audio = make_tree()
    ProductFactory(name="B middle", category=cookware, price_amount=2000)
    ProductFactory(name="A dear", category=cookware, price_amount=9000)
    ProductFactory(name="C cheap", category=cookware, price_amount=100)
    assert names_on(client.get("/c/cookware/")) == ["A dear", "B middle", "C cheap"]
    assert names_on(client.get("/c/cookware/", {"sort": "price"})) == ["C cheap", "B middle", "A dear"]
    assert names_on(client.get("/c/cookware/", {"sort": "-price"})) == ["A dear", "B middle", "C cheap"]
    assert names_on(client.get("/c/cookware/", {"sort": "newest"})) == ["C cheap", "A dear", "B middle"]
    response = client.get("/c/cookware/", {"sort": "'; DROP TABLE"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert names_on(response) == ["A dear", "B middle", "C cheap"]


@pytest.mark.parametrize("page", ["abc", "", "-1", "0", "1.5", "99999999999999999999"])
def test_bad_page_parameter_never_errors(client, page):
    _kitchen, cookware, _audio = make_tree()
    for n in range(PAGE_SIZE + 3):
        ProductFactory(name=f"Pan {n:02d}", category=cookware)
    response = client.get("/c/cookware/", {"page": page})
    assert response.status_code == 200
    assert len(names_on(response)) in {PAGE_SIZE, 3}


def test_page_past_the_end_shows_the_last_page_and_links_keep_filters(client):
    _kitchen, cookware, _audio = make_tree()
    for n in range(PAGE_SIZE + 3):
        ProductFactory(name=f"Pan {n:02d}", category=cookware)
    response = client.get("/c/cookware/", {"page": "7", "sort": "name"})
    assert names_on(response) == ["Pan 24", "Pan 25", "Pan 26"]
    html = response.content.decode()
    assert 'href="?sort=name&amp;page=1"' in html  # the validated filters, then the page
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in html


# --- Product page ------------------------------------------------------------------------------------------


def test_product_page_shows_facts_stock_delivery_and_add_to_cart(client):
    _kitchen, cookware, _audio = make_tree()
    product = ProductFactory(
        name="Cast-iron pan", category=cookware, brand="Fonderie Aube", price_amount=16900, stock=12,
        weight_grams=5100, country_of_origin="FR", warranty_months=120,
        authenticity_statement="Supplied by the foundry itself.",
    )
    add_images(product, 3)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Cast-iron pan", "Fonderie Aube", "€169.00", "In stock", "France", "5.1 kg", "120 months",
                 "Supplied by the foundry itself.", "Delivery", product.sku]:
        assert text in html, text
    assert f'action="/cart/add/{product.pk}/"' in html and 'name="quantity"' in html
    assert re.search(r'<a href="/c/kitchen/">Kitchen</a>.*<a href="/c/cookware/">Cookware</a>.*aria-current="page">'
                     r"Cast-iron pan", html, re.S)


def test_product_gallery_sizes_every_image_and_lazy_loads_all_but_the_first(client):
    _kitchen, cookware, _audio = make_tree()
    product = ProductFactory(category=cookware)
    add_images(product, 3)
    html = client.get(product.get_absolute_url()).content.decode()
    gallery = html[html.index('class="gallery"'):html.index('class="product-info"')]
    imgs = re.findall(r"<img [^>]+>", gallery)
    assert len(imgs) == 3
    assert all('width="40"' in img and 'height="30"' in img for img in imgs)
    assert 'loading="lazy"' not in imgs[0]
    assert all('loading="lazy"' in img for img in imgs[1:])


@pytest.mark.parametrize(
    "stock, shown, hidden",
    [
        (0, "Out of stock", "Add to cart"),
        (1, "Only 1 left", "Out of stock"),
        (5, "Only 5 left", "In stock"),
        (6, "In stock", "left"),
    ],
)
def test_stock_state_is_the_true_number_without_fake_urgency(client, stock, shown, hidden):
    _kitchen, cookware, _audio = make_tree()
    product = ProductFactory(category=cookware, stock=stock)
    html = client.get(product.get_absolute_url()).content.decode()
    info = html[html.index('class="product-info"'):]
    assert shown in info
    assert hidden not in info.split("Delivery")[0]


def test_inactive_or_unknown_product_is_404(client):
    product = ProductFactory(is_active=False)
    assert client.get(product.get_absolute_url()).status_code == 404
    assert client.get("/p/nothing-here/").status_code == 404


def jsonld_of(response) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_product_jsonld_is_valid_schema_org_product_with_offer_and_no_rating(client, settings):
    """Its links are on SHOP_BASE_URL, not on whatever Host the request named (a cached page keeps them)."""
    settings.SHOP_BASE_URL = "https://shop.example.com"
    _kitchen, cookware, _audio = make_tree()
    product = ProductFactory(name="Moka pot", sku="CT-003", brand="Marrone", category=cookware, price_amount=3900)
    add_images(product, 2)
    data = jsonld_of(client.get(product.get_absolute_url(), HTTP_HOST="localhost:9999"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Moka pot" and data["sku"] == "CT-003"
    assert data["brand"] == {"@type": "Brand", "name": "Marrone"}
    assert len(data["image"]) == 2 and all(url.startswith("https://shop.example.com/media/") for url in data["image"])
    assert data["offers"] == {
        "@type": "Offer",
        "price": "39.00",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "url": f"https://shop.example.com{product.get_absolute_url()}",
    }
    assert "aggregateRating" not in data and "review" not in data


def test_jsonld_says_out_of_stock_and_cannot_break_out_of_the_script_element(client):
    product = ProductFactory(
        name="Evil </script><script>alert(1)</script> & co", stock=0,
        description="<!-- <script> -->", brand="<b>Brand</b>",
    )
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["name"] == "Evil </script><script>alert(1)</script> & co"
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert "<script>alert(1)" not in html


def test_jsonld_has_an_aggregate_rating_only_from_published_reviews():
    rated = ProductFactory(rating_average=13 / 3, rating_count=3)  # as the reviews app stores 5, 4 and 4 stars
    assert product_jsonld_data(product=rated)["aggregateRating"] == {
        "@type": "AggregateRating", "ratingValue": "4.3", "reviewCount": 3, "bestRating": 5, "worstRating": 1,
    }
    assert "aggregateRating" not in product_jsonld_data(product=ProductFactory())


# --- Query counts do not grow with the catalogue -----------------------------------------------------------


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (sessions, translations) so both sizes are measured alike
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_category_and_product_page_queries_do_not_grow_with_catalogue_size(client, django_assert_max_num_queries):
    kitchen, cookware, _audio = make_tree()
    other_sub = CategoryFactory(name="Tableware", slug="tableware", parent=kitchen)
    make_products(cookware, 3, images=2)
    product = make_products(other_sub, 1, images=3)[0]
    urls = ["/", "/c/kitchen/", "/c/cookware/", product.get_absolute_url()]
    small = {url: count_queries(client, url) for url in urls}

    make_products(cookware, 30, images=2)
    make_products(other_sub, 30, images=3)
    large = {url: count_queries(client, url) for url in small}
    assert large == small
    for url in small:
        with django_assert_max_num_queries(8):
            client.get(url)


def test_pages_answer_head_and_refuse_post(client):
    _kitchen, cookware, _audio = make_tree()
    product = ProductFactory(category=cookware)
    for url in ["/", "/c/cookware/", product.get_absolute_url(), "/search/?q=x", "/cart/"]:
        assert client.head(url).status_code == 200, url
        assert client.post(url).status_code == 405, url
