from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Continuous supervision (giám sát thường xuyên): early warnings, directions, recommendations,
    scorecards and rankings, and the leader's supervision dashboard."""

    name = "chidao.supervision"
    label = "supervision"
    verbose_name = "Giám sát thường xuyên"
