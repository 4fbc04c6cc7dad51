"""Catalogue search in the shopper's language (docs/languages.md#search).

- The text searched is the active language's name, description and authenticity statement, plus the English
  name and the brand (a shopper may type the brand or the English name), with accents folded: "kawa" finds
  "kawę"-free text and "cafe" finds "café"; "ł" folds to "l".
- PostgreSQL: full-text search with the language's text search configuration where PostgreSQL has one
  (``english``, ``dutch``; Polish has none, so ``simple``), on ``trustmark_fold(text)`` (``unaccent`` + lower
  case, an IMMUTABLE SQL function so GIN indexes can hold it), OR a ``pg_trgm`` word similarity on the names for
  typos ("grnder" finds grinders).
- SQLite (development, tests): every word must appear in one of those fields, folded the same way by a Python
  function registered on each connection (``sqlite_fold_register``).
- SKUs match whatever their case and punctuation: "kit004", "KIT 004" and "kit-004" all find KIT-004.
- "Did you mean": each word of a query that finds nothing is matched against the words of the product names in
  the shopper's language (difflib, the vocabulary cached with the catalogue).
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    Field,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Replace, Upper
from django.utils import translation

# PostgreSQL text search configurations per language; Polish has no built-in one (no stemmer): words as typed.
SEARCH_CONFIGS = {"en": "english", "nl": "dutch", "pl": "simple"}
FOLD_FUNCTION = "trustmark_fold"
# Characters unaccent maps but Unicode does not decompose (NFKD leaves them whole).
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
SKU_PUNCTUATION = ("-", " ", ".", "/", "_")
SUGGEST_CUTOFF = 0.75
WORD_RE = re.compile(r"\w+")


def fold(text: str | None) -> str:
    """Lower case without accents, the same on both databases: "Patelnię Łódź" -> "patelnie lodz"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLD_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def sku_normalise(text: str) -> str:
    """An SKU as compared: upper case, without spaces or punctuation ("kit-004" -> "KIT004")."""
    return re.sub(r"[^0-9A-Z]", "", fold(text).upper())


class Fold(Func):
    """``trustmark_fold(text)``: on PostgreSQL an IMMUTABLE SQL function over ``unaccent`` (migration
    ``shop.0008``), on SQLite the Python ``fold`` registered on the connection."""

    function = FOLD_FUNCTION
    output_field = TextField()


SKU_COLUMN = "sku_normalised"  # on PostgreSQL stored as a generated column (migration shop.0009)


def sku_normalised_expression():
    """The SKU without case and punctuation, in SQL (the same on both databases)."""
    expression = Upper("sku")
    for char in SKU_PUNCTUATION:
        expression = Replace(expression, Value(char), Value(""))
    return expression


def sqlite_fold_register(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give SQLite the same ``trustmark_fold`` PostgreSQL has."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def search_language() -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return language if language in SEARCH_CONFIGS else "en"


def _text(field: str) -> Fold:
    return Fold(Coalesce(F(field), Value(""), output_field=TextField()))


class StoredColumn(Expression):
    """A column of the searched table that is not a model field: the generated search columns of migration
    ``shop.0009`` (PostgreSQL only; a model field would load them with every product)."""

    def __init__(self, column: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.column = column

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


def stored_column_name(prefix: str, language: str) -> str:
    """``search_document_<language>`` or ``name_folded_<language>`` (migration ``shop.0009``)."""
    return f"{prefix}_{language}"


def product_search_vector(language: str) -> SearchVector:
    """The document searched for ``language``: on PostgreSQL stored as the generated column
    ``search_document_<language>`` (migration ``shop.0009``; changing this needs a migration that re-adds it)."""
    config = SEARCH_CONFIGS[language]
    vector = (
        SearchVector(_text(f"name_{language}"), weight="A", config=config)
        + SearchVector(_text("brand"), weight="B", config=config)
        + SearchVector(_text(f"description_{language}"), weight="C", config=config)
    )
    if language != "en":  # the English name too, least weight: brand-like names and shoppers typing English
        vector += SearchVector(_text("name_en"), weight="D", config=config)
    return vector


def name_trigram_expression(language: str) -> Fold:
    """The name searched for typos: on PostgreSQL stored as ``name_folded_<language>`` with a ``pg_trgm`` GIN
    index (migration ``shop.0009``)."""
    return _text(f"name_{language}")


def product_search_filter(queryset: QuerySet, *, query: str) -> QuerySet:
    """``queryset`` narrowed to the products matching ``query`` in the active language, annotated with
    ``sku_match`` (1 for an SKU equal to the query, case and punctuation aside) and ``relevance``."""
    language = search_language()
    folded = fold(query)
    sku = sku_normalise(query)
    if connection.vendor == "postgresql":
        search_query = SearchQuery(folded, config=SEARCH_CONFIGS[language], search_type="websearch")
        document = StoredColumn(stored_column_name("search_document", language), SearchVectorField())
        name_folded = StoredColumn(stored_column_name("name_folded", language), TextField())
        queryset = queryset.alias(
            sku_normalised=StoredColumn(SKU_COLUMN, TextField()), document=document, name_folded=name_folded
        )
        matches = Q(document=search_query) | Q(name_folded__trigram_word_similar=folded)
        if language != "en":
            queryset = queryset.alias(name_en_folded=StoredColumn(stored_column_name("name_folded", "en"), TextField()))
            matches |= Q(name_en_folded__trigram_word_similar=folded)
        if sku:
            matches |= Q(sku_normalised=sku)
        # Word matches first, ranked by where the words are (name, brand, description); then near spellings by
        # similarity (0 to 1, below every word match). Each row computes one of the two, not both.
        relevance = Case(
            When(document=search_query, then=Value(1.0) + SearchRank(document, search_query)),
            default=TrigramWordSimilarity(Value(folded), name_folded),
            output_field=FloatField(),
        )
        queryset = queryset.filter(matches)
    else:
        name = _text(f"name_{language}")
        queryset = queryset.alias(
            sku_normalised=sku_normalised_expression(),
            f_name=name,
            f_name_en=_text("name_en"),
            f_brand=_text("brand"),
            f_description=_text(f"description_{language}"),
        )
        for word in folded.split():
            word_sku = sku_normalise(word)
            word_matches = (
                Q(f_name__contains=word)
                | Q(f_name_en__contains=word)
                | Q(f_brand__contains=word)
                | Q(f_description__contains=word)
            )
            if word_sku:
                word_matches |= Q(sku_normalised__contains=word_sku)
            if sku and sku != word_sku:  # "KIT 004": the whole query as one SKU
                word_matches |= Q(sku_normalised=sku)
            queryset = queryset.filter(word_matches)
        relevance = Case(
            When(f_name__contains=folded, then=Value(3.0)),
            When(f_brand__contains=folded, then=Value(2.0)),
            default=Value(1.0),
            output_field=FloatField(),
        )
    sku_first = Case(When(sku_normalised=sku, then=Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.annotate(sku_match=sku_first, relevance=relevance)


def search_words(queryset: QuerySet) -> list[str]:
    """The folded words (3 letters or more) of the names in the active language and in English: what "did you
    mean" proposes. One query; the caller caches the list with the catalogue."""
    language = search_language()
    words: set[str] = set()
    for names in queryset.values_list(f"name_{language}", "name_en", "brand"):
        for text in names:
            words.update(word for word in WORD_RE.findall(fold(text)) if len(word) >= 3 and not word.isdigit())
    return sorted(words)


def search_suggestion(*, query: str, words: list[str]) -> str | None:
    """The query with each unknown word replaced by the closest known one, or None when nothing is closer:
    "fryng pan" -> "frying pan", "patelna" -> "patelnia"."""
    known = set(words)
    corrected, changed = [], False
    for word in fold(query).split():
        if word in known or len(word) < 3 or word.isdigit():
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, words, n=1, cutoff=SUGGEST_CUTOFF)
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else None
