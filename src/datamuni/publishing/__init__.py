"""Publishing: the CKAN boundary (idempotent, atomic, retried); the only code that calls CKAN."""

from datamuni.publishing.publish import publish_package
from datamuni.publishing.result import PublishResult
from datamuni.publishing.withdraw import WithdrawResult, withdraw

__all__ = ["PublishResult", "WithdrawResult", "publish_package", "withdraw"]
