"""`--config scan.yaml`: several sources and their settings in one file, secrets from ${ENV_VARS}.

    out: /var/lib/leidur/out
    jobs: 2
    scheduler: tcp://dask.internal:8786   # optional: read on a Dask cluster (docs/cluster.md)
    sources:
      - target: /srv/share
        exclude: ["**/node_modules/**"]
      - target: postgresql://scanner:${LEIDUR_PG_PASSWORD}@db.internal/crm
      - target: imaps://dpo-scan@mail.example.ee/*
        password_env: LEIDUR_IMAP_PASSWORD
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scanner.targets import Target, TargetError, parse_target

KNOWN_KEYS = {"out", "jobs", "rules", "sources", "include", "exclude", "ocr", "full", "max_file_size", "state", "item_timeout",
              "scheduler"}


@dataclass
class ScanConfig:
    targets: list[Target] = field(default_factory=list)
    settings: dict = field(default_factory=dict)


def load_config(path: str | Path, environ=None) -> ScanConfig:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TargetError(f"{path}: cannot read config: {exc}") from None
    if not isinstance(data, dict):
        raise TargetError(f"{path}: the config must be a mapping with a 'sources' list")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise TargetError(f"{path}: unknown keys: {', '.join(sorted(unknown))}")
    config = ScanConfig(settings={k: v for k, v in data.items() if k != "sources"})
    for index, entry in enumerate(data.get("sources") or [], start=1):
        if isinstance(entry, str):
            entry = {"target": entry}
        if not isinstance(entry, dict) or "target" not in entry:
            raise TargetError(f"{path}: source #{index} needs a 'target'")
        target = parse_target(str(entry["target"]), environ)
        target.options = {k: v for k, v in entry.items() if k != "target"}
        config.targets.append(target)
    return config
