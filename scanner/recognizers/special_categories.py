"""Signals of GDPR Art. 9 special categories from Estonian and English keyword stems.

Each category is its own entity type so the rulebook can treat it apart. A
keyword is a signal, not proof: it says "a document here talks about health"
and asks for a look. Stems match inflected Estonian forms (diagnoos,
diagnoosiga, diagnoosid) because a word only has to start with one.
"""
from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from scanner.recognizers.base import LeidurPatternRecognizer


def _stem_pattern(stems: tuple[str, ...]) -> str:
    return r"(?<![\w-])(?:" + "|".join(re.escape(stem).replace(r"\ ", r"\s+") for stem in stems) + r")[\w-]*"


class SpecialCategoryRecognizer(LeidurPatternRecognizer):
    STEMS: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.6
    REGEX_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.PATTERNS = [Pattern(cls.ENTITY.lower(), _stem_pattern(cls.STEMS), cls.SCORE)]
        cls.KEYWORDS = tuple(stem.lower() for stem in cls.STEMS)


class HealthDataRecognizer(SpecialCategoryRecognizer):
    ENTITY = "SPECIAL_CATEGORY_HEALTH"
    STEMS = (
        "diagnoos", "haigusleh", "haigushüvitis", "töövõimetus", "terviseseisund", "tervisekontroll", "tervisetõend",
        "terviseandm", "arstitõend", "raviarst", "perearst", "haiglaravi", "puudega", "puude raskusaste", "rasedus",
        "allergi", "psühhiaat", "depressioon", "diabeet", "epilepsia", "hiv-", "invaliidsus", "retseptiravim",
        "diagnosis", "diagnosed", "sick leave", "sickness", "medical condition", "medical certificate", "health record",
        "health data", "disabilit", "pregnan", "prescription", "psychiatr", "hospitalised", "hospitalized",
        "hospitalisation", "hospitalization", "therapy",
    )


class TradeUnionRecognizer(SpecialCategoryRecognizer):
    ENTITY = "SPECIAL_CATEGORY_TRADE_UNION"
    STEMS = ("ametiühing", "ametiühingu", "eakl", "trade union", "union member", "union dues", "labour union")


class ReligionRecognizer(SpecialCategoryRecognizer):
    ENTITY = "SPECIAL_CATEGORY_RELIGION"
    STEMS = (
        "usutunnistus", "usuline", "usulis", "religioon", "kirikuliige", "koguduse liige", "koguduseliige",
        "kirikumaks", "luterlik", "õigeusu", "katoliikl", "moslem", "religio", "church member", "parish member",
        "faith community", "catholic", "muslim",
    )


class BiometricDataRecognizer(SpecialCategoryRecognizer):
    ENTITY = "SPECIAL_CATEGORY_BIOMETRIC"
    STEMS = (
        "biomeetri", "sõrmejälg", "sõrmejälje", "näotuvastus", "näokujutis", "iirise", "biometric",
        # Not "fingerprint" alone: SSH keys and certificates have fingerprints too.
        "fingerprint scan", "fingerprint reader", "fingerprint data", "fingerprint template", "fingerprint recognition",
        "facial recognition", "face template", "iris scan", "retina scan",
    )


class CriminalRecordRecognizer(SpecialCategoryRecognizer):
    ENTITY = "SPECIAL_CATEGORY_CRIMINAL"
    STEMS = (
        "karistusregist", "kriminaal", "süütegu", "süüteo", "kuritegu", "kuriteo", "karistatus", "kriminaalkaristus",
        "kohtulik karistus", "criminal record", "criminal offen", "criminal conviction", "convicted of",
        "background check",
    )
