from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "chidao.library"
    label = "library"
    verbose_name = "Thư viện văn bản"
