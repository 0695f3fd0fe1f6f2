"""Dispatches requests to registered agents."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..execution_engine import ExecutionEngine
from .registry import AgentRegistry, default_registry

if TYPE_CHECKING:
    from app.websocket_core.manager import WebSocketManager


class Supervisor:
    def __init__(
        self,
        registry: AgentRegistry | None = None,
        engine: ExecutionEngine | None = None,
        websocket: WebSocketManager | None = None,
    ) -> None:
        self.registry = registry or default_registry
        self.engine = engine or ExecutionEngine()
        self.websocket = websocket

    def dispatch(self, names: list[str], payload: Any) -> list[Any]:
        agents = [self.registry.get(name)() for name in names]
        results = self.engine.execute(agents, payload)
        if self.websocket is not None:
            self.websocket.broadcast(f"dispatched:{','.join(names)}")
        return results

    def legacy_dispatch(self, names: list[str], payload: Any) -> list[Any]:
        """The pre-supervisor code path, kept for one release."""
        from .. import execution_engine_consolidated

        agents = [self.registry.get(name)() for name in names]
        return execution_engine_consolidated.run_pipeline(agents, payload)
