import pytest

from chidao.documents.tests.world import World, build_world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture(autouse=True)
def exchange_settings(settings):  # type: ignore[no-untyped-def]
    """The local test receivers are allow-listed (http, loopback); tokens use a test key."""
    from cryptography.fernet import Fernet

    settings.CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CHIDAO_EXCHANGE_KEY = Fernet.generate_key().decode()
