"""Personal access tokens for the REST API: `Authorization: Bearer chidao_…`, the person's own permissions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer

from .services import TokenRefused, token_authenticate


class AccessTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(raw=token, method=request.method or "GET", path=request.path)
        # The endpoints read request.user, as they do for a browser session.
        request.user = user
        return user


def install(api: NinjaAPI) -> None:
    """Refused tokens answer 401/403 with the Vietnamese reason."""

    @api.exception_handler(TokenRefused)
    def _refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
        response = api.create_response(request, {"detail": exc.message}, status=exc.status)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="chidao"'
        return response
