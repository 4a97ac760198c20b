"""E-mail addresses, validated against the public-suffix snapshot bundled with tldextract (offline)."""
from __future__ import annotations

import functools

import idna
import regex
from presidio_analyzer import Pattern
from tldextract.remote import lenient_netloc, looks_like_ipv6  # imported with Presidio's recognisers anyway

from scanner.recognizers.base import LeidurPatternRecognizer


@functools.lru_cache(maxsize=1)
def _offline_tldextract():
    """tldextract on its bundled snapshot, what `has_public_suffix()` answers as (evaluation, tests)."""
    import tldextract

    # No suffix-list URLs and no cache directory: the bundled snapshot only, never a fetch.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@functools.lru_cache(maxsize=1)
def _suffix_tree() -> tuple[frozenset[str], frozenset[str]]:
    """(nodes, rules) of tldextract's suffix tree without private rules, each node named by its rule tail.

    tldextract builds two trees of Python objects (with and without the private
    rules) from its 16,000 rules: 80 ms of every process's first e-mail. A node
    of its tree is the tail of a rule ("co.uk" of "*.co.uk"), and `str.split`
    and `".".join` invert each other, so two sets of tails answer what its walk
    asks, built in a tenth of the time.
    """
    import pkgutil

    from tldextract.suffix_list import extract_tlds_from_suffix_list

    public, _private = extract_tlds_from_suffix_list(pkgutil.get_data("tldextract", ".tld_set_snapshot").decode("utf-8"))
    nodes = set()
    for rule in public:
        cut = -1
        while True:
            nodes.add(rule[cut + 1:])
            cut = rule.find(".", cut + 1)
            if cut < 0:
                break
    return frozenset(nodes), frozenset(public)


def _decoded(label: str) -> str:
    """A label as tldextract looks it up: lower case, and Unicode where it is valid punycode."""
    lowered = label.lower()
    if lowered.startswith("xn--"):
        try:
            return idna.decode(lowered)
        except (UnicodeError, IndexError):
            pass
    return lowered


@functools.lru_cache(maxsize=4096)  # a mailbox or an export names the same few domains again and again
def has_public_suffix(domain: str) -> bool:
    """`_offline_tldextract()(domain).suffix != ""`, without building tldextract's trees.

    The same steps as tldextract 5's `extract_str`: its host parsing, then its walk
    from the last label down the tree, where a wildcard ends the walk.
    tests/test_public_suffix.py compares both on every rule of the snapshot and on
    hosts around them.
    """
    netloc = lenient_netloc(domain).replace("\u3002", ".").replace("\uff0e", ".").replace("\uff61", ".")
    if len(netloc) >= 4 and netloc[0] == "[" and netloc[-1] == "]" and looks_like_ipv6(netloc[1:-1]):
        return False
    nodes, rules = _suffix_tree()
    labels = netloc.split(".")
    path = None  # the node reached so far, None for the root
    index = suffix = len(labels)  # the first label of the path; of the public suffix once a rule ended
    for label in reversed(labels):
        label = _decoded(label)
        node = label if path is None else label + "." + path
        if node in nodes:
            index -= 1
            path = node
            if node in rules:
                suffix = index
            continue
        if ("*" if path is None else "*." + path) in nodes:  # a wildcard takes this label too, unless excepted
            exception = ("!" + label if path is None else "!" + node) in nodes
            return ".".join(labels[index if exception else index - 1:]) != ""
        break
    return suffix < len(labels) and ".".join(labels[suffix:]) != ""


# The characters of a local part (the pattern's class after the first character).
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
# A run of them, searched from the right: the one that ends at an "@".
_LOCAL_RUN_BEFORE = regex.compile(_LOCAL + "+", flags=LeidurPatternRecognizer.REGEX_FLAGS | regex.REVERSE)


class EmailAddressRecognizer(LeidurPatternRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    # Presidio's pattern retries every position inside every word (3 MB/s on logs); starting
    # only where a local part can start finds the same addresses at 85 MB/s. The local part
    # (1 to 64 characters, no dot first or last) is read in one go, without backtracking: it
    # is what `READABLE` says, in half the time (tests/test_fast_patterns.py).
    READABLE = (r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w!#$%&'*+/=?^`{|}~-](?:[\w.!#$%&'*+/=?^`{|}~-]{0,62}[\w!#$%&'*+/=?^`{|}~-])?"
                r"@\w+(?:-+\w+)*(?:\.\w+(?:-+\w+)*)+\b")
    PATTERNS = [
        Pattern(
            "email",
            r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w!#$%&'*+/=?^`{|}~-][\w.!#$%&'*+/=?^`{|}~-]{0,63}+(?<!\.)"
            r"@\w+(?:-+\w+)*(?:\.\w+(?:-+\w+)*)+\b",
            0.75,
        )
    ]
    CONTEXT = ["email", "e-mail", "e-post", "epost", "meil", "mail", "kontakt"]
    PREFILTER = r"@[\w-]"  # a literal first character keeps the pass fast
    WINDOW = 160

    def match_start_from(self, index: int, text: str, position: int) -> int | None:
        # Every match holds one "@" (no class of the pattern admits it) and starts where the run
        # of local-part characters before it starts (the look-behind). So no match starts before
        # the run that ends at the next "@": the pattern's own search, which tries every word
        # from `position` on, took 0.7 µs a word in logs.
        at = text.find("@", position)
        if at < 0:
            return None
        run = _LOCAL_RUN_BEFORE.search(text, position, at)
        return run.start() if run is not None and run.end() == at else at

    def check(self, matched_text: str) -> bool:
        return has_public_suffix(matched_text.rsplit("@", 1)[-1])
