"""Personal access tokens for the REST API: `Authorization: Bearer chidao_…`, the person's own permissions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .services import TokenRefused, token_authenticate


class AccessTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(raw=token, method=request.method or "GET", path=request.path)
        # The endpoints read request.user, as they do for a browser session.
        request.user = user
        return user


def install(api: NinjaAPI) -> None:
    """Refused tokens answer 401/403 with the Vietnamese reason; no credentials at all, 401 likewise."""

    @api.exception_handler(TokenRefused)
    def _refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
        response = api.create_response(request, {"detail": exc.message}, status=exc.status)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="chidao"'
        return response

    @api.exception_handler(AuthenticationError)
    def _anonymous(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(request, {"detail": _(
            "Chưa xác thực: hãy đăng nhập, hoặc gửi mã truy cập trong tiêu đề Authorization: Bearer …")}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="chidao"'
        return response
