"""Checks both server entry points (WSGI and ASGI) make before they serve."""

from django.core.exceptions import ImproperlyConfigured


def _refuse_without_key() -> None:
    """With DEBUG off and no SECRET_KEY the server does not start: a public key forges sessions."""
    from django.conf import settings

    if getattr(settings, "CHIDAO_SECRET_KEY_MISSING", False):
        raise ImproperlyConfigured(
            "Chưa đặt SECRET_KEY: máy chủ không khởi động với DEBUG tắt mà không có khóa bí mật. "
            "Đặt biến môi trường SECRET_KEY (một chuỗi ngẫu nhiên dài), hoặc CHIDAO_SECRET_KEY_FILE=đường/dẫn/tệp "
            "để hệ thống tự tạo khóa vào tệp đó ở lần chạy đầu (`make run` dùng var/secret_key). "
            "(SECRET_KEY is not set: set SECRET_KEY or CHIDAO_SECRET_KEY_FILE.)"
        )
