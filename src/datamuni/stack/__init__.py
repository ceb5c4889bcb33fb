"""The local real stack: PostgreSQL, Redis, Solr, CKAN and Prefect on loopback ports."""

from datamuni.stack.orchestrate import StackInfo, ensure_stack, stack_status, stop_stack
from datamuni.stack.services import ServiceStatus

__all__ = ["ServiceStatus", "StackInfo", "ensure_stack", "stack_status", "stop_stack"]
