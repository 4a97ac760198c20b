"""Packaging glue: ships the top-level rules/ directory as the `leidur_rules` package."""
from setuptools import find_packages, setup

setup(
    # recognizers/ and scanner/names/data/ hold only data files, but Python could import them as
    # namespace packages: list them as packages.
    packages=find_packages(include=["scanner", "scanner.*"])
    + ["scanner.names.data", "leidur_rules", "leidur_rules.recognizers"],
    package_dir={"leidur_rules": "rules"},
)
