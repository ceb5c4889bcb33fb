"""Integration fixtures: the real local stack, started through `datamuni.stack.ensure_stack`.

Never skipped: when a service cannot start, the session fails with the stack's own message.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import ckanapi
import pytest

from datamuni.errors import DatamuniError
from datamuni.settings import Settings
from datamuni.stack import StackInfo, ensure_stack

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def stack_settings() -> Settings:
    """Settings rooted at this checkout (state in `.stack/`, downloads in the user cache)."""
    return Settings(project_dir=PROJECT_DIR)


@pytest.fixture(scope="session")
def stack(stack_settings: Settings) -> StackInfo:
    """The running stack (started if needed); fails the session with the stack's message."""
    try:
        return ensure_stack(stack_settings)
    except DatamuniError as error:
        pytest.fail(f"El stack local no pudo levantarse:\n{error}", pytrace=False)


@pytest.fixture(scope="session")
def run_id() -> str:
    """Unique lowercase suffix of this test session, so reruns never collide."""
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def ckan_admin(stack: StackInfo) -> Iterator[ckanapi.RemoteCKAN]:
    """ckanapi client authenticated with the stack's sysadmin token."""
    with ckanapi.RemoteCKAN(
        stack.ckan_url, apikey=stack.ckan_token.get_secret_value(), user_agent="datamuni-tests"
    ) as client:
        yield client


@pytest.fixture(scope="session")
def ckan_anonymous(stack: StackInfo) -> Iterator[ckanapi.RemoteCKAN]:
    """ckanapi client without a token (what the public sees)."""
    with ckanapi.RemoteCKAN(stack.ckan_url, user_agent="datamuni-tests") as client:
        yield client
