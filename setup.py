"""Packaging glue: ships the top-level rules/ directory as the `leidur_rules` package."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["scanner", "scanner.*"]) + ["leidur_rules"],
    package_dir={"leidur_rules": "rules"},
)
