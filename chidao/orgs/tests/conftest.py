"""Fixtures shared by the view tests of every app (defined once in chidao.core.tests.helpers)."""

from chidao.core.tests.helpers import client_as, grow, world

__all__ = ["client_as", "grow", "world"]
