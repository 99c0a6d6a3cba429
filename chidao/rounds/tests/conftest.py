from chidao.notifications.tests.fixtures import *  # noqa: F403
