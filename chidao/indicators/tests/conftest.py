from chidao.indicators.tests.fixtures import *  # noqa: F403
