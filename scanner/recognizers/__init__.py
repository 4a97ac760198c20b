"""Recogniser loading: the built-in recognisers, by the same `module:Class` references plugins use."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

from scanner.recognizers.loading import (  # noqa: F401  (the public loading API lives here)
    ENTRY_POINT_GROUP,
    LoadedRecognizer,
    LoadResult,
    RecognizerError,
    RecognizerProblem,
    builtin_candidates,
    load_candidates,
    load_reference,
    package_candidates,
    yaml_candidates,
)

# name -> "module:Class". Plugins add theirs through the `leidur.recognizers` entry-point group.
BUILTIN: dict[str, str] = {
    "ee_personal_code": "scanner.recognizers.ee_personal_code:EstonianPersonalCodeRecognizer",
    "email_address": "scanner.recognizers.email_address:EmailAddressRecognizer",
    "phone_number": "scanner.recognizers.phone_number:PhoneNumberRecognizer",
    "iban_code": "scanner.recognizers.iban_code:IbanCodeRecognizer",
    "credit_card": "scanner.recognizers.credit_card:CreditCardNumberRecognizer",
    "ip_address": "scanner.recognizers.ip_address:IpAddressRecognizer",
    "person_name": "scanner.recognizers.person_name:PersonNameRecognizer",
    "ee_registry_code": "scanner.recognizers.ee_business_codes:EstonianRegistryCodeRecognizer",
    "ee_vat_number": "scanner.recognizers.ee_business_codes:EstonianVatNumberRecognizer",
    "ee_passport": "scanner.recognizers.ee_passport:EstonianPassportRecognizer",
    "ee_driving_licence": "scanner.recognizers.ee_driving_licence:EstonianDrivingLicenceRecognizer",
    "ee_id_card": "scanner.recognizers.ee_id_card:EstonianIdCardRecognizer",
    "ee_address": "scanner.recognizers.ee_address:EstonianAddressRecognizer",
    "special_category_health": "scanner.recognizers.special_categories:HealthDataRecognizer",
    "special_category_trade_union": "scanner.recognizers.special_categories:TradeUnionRecognizer",
    "special_category_religion": "scanner.recognizers.special_categories:ReligionRecognizer",
    "special_category_biometric": "scanner.recognizers.special_categories:BiometricDataRecognizer",
    "special_category_criminal": "scanner.recognizers.special_categories:CriminalRecordRecognizer",
}


def recognizer_dirs(rules_dirs: Iterable[str] = ()) -> list[Path]:
    """The shipped rules folder first, then each `--rules` folder; recognisers sit in `<dir>/recognizers/`."""
    from scanner.rulebook import default_rules_dir

    folders = [default_rules_dir(), *map(Path, rules_dirs)]
    return list(dict.fromkeys(folder.resolve() for folder in folders))


def discover(names: Iterable[str] | None = None, rules_dirs: Iterable[str] = ()) -> LoadResult:
    """Load every recogniser (built-in, package, YAML) through one path; problems are collected, not raised."""
    from scanner.recognizers.loading import bound_regex_time

    bound_regex_time()
    wanted = None if names is None else set(names)
    result = LoadResult()
    shipped, *own = recognizer_dirs(rules_dirs)
    load_candidates(builtin_candidates(BUILTIN), result, wanted)
    load_candidates(yaml_candidates([shipped], result.problems, default=True), result, wanted)
    # The user's own, after every default: one with a default's name replaces it.
    load_candidates(package_candidates(), result, wanted)
    load_candidates(yaml_candidates(own, result.problems), result, wanted)
    if wanted is not None:
        for missing in sorted(wanted - {entry.name for entry in result.loaded} - {p.name for p in result.problems}):
            result.problems.append(RecognizerProblem("--recognizer", missing, "no recogniser has this name"))
    return result


def sources_key(rules_dirs: Iterable[str] = ()) -> tuple:
    """What `discover()` would load, short of loading it: the installed plugins and the YAML files.

    Entry points of the plugin group (name, target, package version) and each
    YAML recogniser file (path, size, modification time). A process that built
    a Detector keeps it only while this and the settings stay the same, so a
    plugin installed or a YAML file edited between two scans in one process
    is seen by the second.
    """
    from importlib import metadata

    from scanner.recognizers.loading import ENTRY_POINT_GROUP
    from scanner.recognizers.yaml_loader import recognizer_files

    plugins = []
    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(entry_point, "dist", None)
        plugins.append((entry_point.name, entry_point.value, dist.version if dist is not None else ""))
    files = []
    for folder in recognizer_dirs(rules_dirs):
        for path in recognizer_files(folder):
            try:
                stat = path.stat()
            except OSError:
                continue  # gone since listed: discover() will not load it either
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(plugins)), tuple(files)


def check_recognizers(rules_dirs: Iterable[str] = (), names: Iterable[str] | None = None) -> LoadResult:
    """What `scan` runs before it starts: the loaded recognisers, or RecognizerError naming every broken one."""
    result = discover(names, rules_dirs)
    if result.problems:
        raise RecognizerError(result.problems)
    return result


def load_all(names: Iterable[str] | None = None, rules_dirs: Iterable[str] = ()) -> list:
    """Every recogniser a scan uses: built-ins (optionally a subset), packages, then YAML in `rules_dirs`.

    A broken recogniser is skipped with a warning here (worker processes must
    not die on one); `check_recognizers()` is what refuses to start a scan.
    """
    result = discover(names, rules_dirs)
    for problem in result.problems:
        logging.getLogger("leidur.recognizers").warning("skipped: %s", problem)
    return result.recognizers
