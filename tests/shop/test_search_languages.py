"""Search in the shopper's language: translated names, accents, typos, SKUs, "did you mean" and the zero-result
page. Runs on SQLite and (with DATABASE_URL) on PostgreSQL: the same behaviour through different means."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.factories import CategoryFactory, ProductFactory
from shop.search import fold, search_suggestion, sku_normalise

pytestmark = pytest.mark.django_db


def names_on(response) -> list[str]:
    return re.findall(r'<h3><a href="(?:/pl|/nl)?/p/[^"]+/">([^<]+)</a></h3>', response.content.decode())


def results_on(response) -> list[str]:
    """The names in the results grid only (not the zero-result page's popular products)."""
    html = response.content.decode()
    grid = html.split('id="results-heading"', 1)[1].split("search-empty", 1)[0]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', grid)


@pytest.fixture
def catalogue():
    kitchen = CategoryFactory(name="Kitchen", name_pl="Kuchnia", name_nl="Keuken", slug="kitchen")
    return {
        "pan": ProductFactory(
            sku="KIT-001", category=kitchen, name="Carbon steel frying pan 28 cm",
            name_pl="Patelnia ze stali węglowej 28 cm", name_nl="Koekenpan van koolstofstaal 28 cm",
            description="Spun from one sheet of carbon steel.", description_pl="Wyoblana z jednego arkusza stali.",
            description_nl="Gedreven uit één plaat koolstofstaal.", is_featured=True,
        ),
        "grinder": ProductFactory(
            sku="CT-001", category=kitchen, name="Hand coffee grinder with conical burrs",
            name_pl="Ręczny młynek do kawy z żarnami stożkowymi", name_nl="Koffiemolen met conische maalschijven",
            description="Forty click settings.", description_pl="Czterdzieści ustawień.",
            description_nl="Veertig standen.",
        ),
        "blanket": ProductFactory(
            sku="HT-003", category=kitchen, name="Wool blanket", name_pl="Koc z wełny merino",
            name_nl="Wollen deken", description="Undyed merino.", description_pl="Niebarwiona wełna.",
            description_nl="Ongeverfde merinowol.",
        ),
        "knife": ProductFactory(
            sku="KIT-004", category=kitchen, name="Chef's knife 20 cm", description="Forged steel.",
        ),  # no Polish or Dutch text yet
    }


def test_polish_and_dutch_shoppers_search_in_their_own_words(client, catalogue):
    assert names_on(client.get("/pl/search/", {"q": "patelnia"})) == ["Patelnia ze stali węglowej 28 cm"]
    assert names_on(client.get("/nl/search/", {"q": "koffiemolen"})) == ["Koffiemolen met conische maalschijven"]
    assert names_on(client.get("/nl/search/", {"q": "koekenpan"})) == ["Koekenpan van koolstofstaal 28 cm"]
    # The Polish word finds nothing for an English reader: each language searches its own texts.
    assert results_on(client.get("/search/", {"q": "wełny"})) == []


def test_accents_do_not_matter(client, catalogue):
    assert names_on(client.get("/pl/search/", {"q": "welny"})) == ["Koc z wełny merino"]
    assert names_on(client.get("/pl/search/", {"q": "MŁYNEK"})) == ["Ręczny młynek do kawy z żarnami stożkowymi"]
    assert names_on(client.get("/pl/search/", {"q": "mlynek"})) == ["Ręczny młynek do kawy z żarnami stożkowymi"]


def test_an_untranslated_product_is_found_by_its_english_name_and_shown_in_english(client, catalogue):
    assert names_on(client.get("/pl/search/", {"q": "knife"})) == ["Chef&#x27;s knife 20 cm"]


@pytest.mark.parametrize(
    ("path", "typo", "found"),
    [
        ("/search/", "fryng pan", "Carbon steel frying pan 28 cm"),
        ("/search/", "grnder", "Hand coffee grinder with conical burrs"),
        ("/pl/search/", "patelna", "Patelnia ze stali węglowej 28 cm"),
        ("/nl/search/", "kofiemolen", "Koffiemolen met conische maalschijven"),
    ],
)
def test_typos_still_find_the_product(client, catalogue, path, typo, found):
    assert found in names_on(client.get(path, {"q": typo}))


@pytest.mark.parametrize("query", ["kit004", "KIT 004", "Kit-004", "kit.004"])
def test_sku_matches_whatever_the_case_and_punctuation(client, catalogue, query):
    assert names_on(client.get("/search/", {"q": query}))[0] == "Chef&#x27;s knife 20 cm"


def test_did_you_mean_offers_the_corrected_words():
    words = ["frying", "pan", "grinder", "patelnia"]
    assert search_suggestion(query="fryng pan", words=words) == "frying pan"
    assert search_suggestion(query="patelna", words=words) == "patelnia"
    assert search_suggestion(query="frying pan", words=words) is None  # nothing to correct
    assert search_suggestion(query="xq", words=words) is None


def test_a_corrected_search_says_what_it_shows(client, catalogue):
    html = client.get("/pl/search/", {"q": "patelna stlai"}).content.decode()
    if connection.vendor == "sqlite":  # PostgreSQL's trigrams find it without a correction
        assert "patelnia stali" in html and "data-testid=\"search-suggestion\"" in html
    assert "Patelnia ze stali węglowej 28 cm" in html


def test_zero_results_offer_categories_and_popular_products(client, catalogue):
    response = client.get("/pl/search/", {"q": "xyzzyq"})
    html = response.content.decode()
    assert results_on(response) == []
    assert 'data-testid="search-empty-categories"' in html and ">Kuchnia</a>" in html
    assert 'data-testid="search-empty-popular"' in html and "Patelnia ze stali węglowej 28 cm" in html


def test_fold_and_sku_normalise():
    assert fold("Patelnię Łódź ÉÈ") == "patelnie lodz ee"
    assert sku_normalise("kit-004") == sku_normalise("KIT 004") == "KIT004"


def test_search_query_count_does_not_grow_with_the_results(client, catalogue):
    captured_log: list = []

    def queries(path: str, query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, {"q": query}).status_code == 200
        captured_log[:] = captured.captured_queries
        return len(captured)

    client.get("/pl/search/", {"q": "stal"})  # warm the session and caches
    few = queries("/pl/search/", "stal")
    kitchen = CategoryFactory(slug="kitchen")
    for number in range(12):
        ProductFactory(category=kitchen, name=f"Steel thing {number}", name_pl=f"Rzecz ze stali {number}")
    client.get("/pl/search/", {"q": "stal"})  # each card's price facts are cached per product (prices app)
    assert queries("/pl/search/", "stal") == few, "\n".join(q["sql"][:100] for q in captured_log)


def test_a_renamed_product_is_found_by_its_new_name_at_once(client, catalogue):
    # On PostgreSQL the searched documents are columns the database computes on every write (shop.0009):
    # a save and a queryset update (no signal) both change what the next search finds.
    pan = catalogue["pan"]
    pan.name_pl = "Rondel miedziany"
    pan.save()
    assert results_on(client.get("/pl/search/", {"q": "rondel"})) == ["Rondel miedziany"]
    assert results_on(client.get("/pl/search/", {"q": "patelnia"})) == []
    type(pan).objects.filter(pk=pan.pk).update(description_nl="Een wok voor de inductieplaat.")
    assert results_on(client.get("/nl/search/", {"q": "inductieplaat"})) == ["Koekenpan van koolstofstaal 28 cm"]
