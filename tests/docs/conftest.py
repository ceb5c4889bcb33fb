"""The guides' integration test uses the real-stack fixtures of `tests/integration`."""

from tests.integration.conftest import ckan_admin, stack, stack_settings

__all__ = ["ckan_admin", "stack", "stack_settings"]
