import pytest
from django.core.cache import caches


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "security_cache": "ok"}}


@pytest.mark.django_db
@pytest.mark.parametrize(("alias", "check"), [("pages", "cache"), ("default", "security_cache")])
def test_healthz_is_503_when_either_cache_is_down(client, monkeypatch, alias, check):
    def broken(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(caches[alias], "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks[check] == "down"
    assert [name for name, state in checks.items() if state == "down"] == [check]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"
