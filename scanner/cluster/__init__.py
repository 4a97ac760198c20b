"""Scanning on a Dask distributed cluster: the same scan, its listing and reading spread over many machines.

`units` is what travels (plain descriptions, never secrets) and what a worker
does with it; `plugin` gives each worker its Detector; `executor` is the
client side that `scanner.engine.run_scan` calls instead of the local pool.
Needs the `cluster` extra: pip install 'leidur[cluster]'. See docs/cluster.md.
"""
from __future__ import annotations

INSTALL_HINT = "pip install 'leidur[cluster]'"


class ClusterError(RuntimeError):
    """The cluster cannot run this scan (unreachable scheduler, workers with another key); the scan stops."""


def require_dask() -> None:
    """Raise a usage error (TargetError) naming the extra when Dask distributed is not installed."""
    from scanner.targets import TargetError

    try:
        import distributed  # noqa: F401
    except ImportError:
        raise TargetError(f"--scheduler needs Dask distributed: {INSTALL_HINT}") from None
