"""Packaging glue: ships the top-level rules/ directory as the `leidur_rules` package."""
from setuptools import find_packages, setup

setup(
    # recognizers/ holds only YAML, but Python could import it as a namespace package: list it as one.
    packages=find_packages(include=["scanner", "scanner.*"]) + ["leidur_rules", "leidur_rules.recognizers"],
    package_dir={"leidur_rules": "rules"},
)
