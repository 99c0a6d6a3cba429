"""The one error raised when a person may not do something; views turn it into 403."""

from django.core.exceptions import PermissionDenied

__all__ = ["PermissionDenied"]
