"""Extract ``_``/``N_``/``ngettext`` texts with Babel, merge them into the .po files, compile .mo."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from resviz import __version__
from resviz.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE_DIR = LOCALE_DIR.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NC_": ((1, "c"), 2)}
# {name}, {name:.3f}, %(name)s, %s, %r, %d and %% must survive translation unchanged.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%\([A-Za-z_]+\)[sdrf]|%[sdrf%]")


@dataclass
class Report:
    """What ``check`` found for one language."""

    language: str
    missing: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    mo_stale: bool = False

    @property
    def ok(self) -> bool:
        return not (self.missing or self.obsolete or self.placeholders or self.mo_stale)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def translated_languages() -> list[str]:
    return [lang for lang in LANGUAGES if lang != "en"]


def extract() -> Catalog:
    """Every marked text under resviz/, with the files it comes from."""
    template = Catalog(project="resviz", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE_DIR, method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True):
        location = (f"resviz/{filename}", None)
        template.add(message, locations=[location], auto_comments=comments, context=context)
        del lineno  # file names only: line numbers would churn the .po on every edit
    return template


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="resviz", charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def _po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, sort_output=True, ignore_obsolete=True, include_lineno=False, width=100)
    return buf.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update() -> dict[str, list[str]]:
    """Merge the sources' texts into each .po (translations kept); returns the untranslated ones."""
    template = extract()
    out = {}
    for language in translated_languages():
        catalog = _read(language)
        if po_path(language).exists():
            template.creation_date = catalog.creation_date  # the header changes only with the texts
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.header_comment = (f"# {language} translation of the texts of resviz's engine and command line.\n"
                                  "# Refresh with: python -m resviz.locale update")
        catalog.project, catalog.version = "resviz", __version__
        catalog.revision_date = catalog.creation_date  # stable: the texts, not the clock, change the file
        catalog.msgid_bugs_address = catalog.last_translator = catalog.language_team = "resviz"
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        po_path(language).write_bytes(_po_bytes(catalog))
        out[language] = untranslated(catalog)
    return out


def compile_all() -> list[Path]:
    """Write each .mo from its .po."""
    paths = []
    for language in translated_languages():
        mo_path(language).write_bytes(_mo_bytes(_read(language)))
        paths.append(mo_path(language))
    return paths


def untranslated(catalog: Catalog) -> list[str]:
    return [_key(m.id) for m in catalog if m.id and (not m.string or m.fuzzy
                                                      or (isinstance(m.string, tuple) and not all(m.string)))]


def check() -> list[Report]:
    """Compares the .po with the sources and the .mo with the .po, and each translation's placeholders."""
    sources = {_key(m.id) for m in extract() if m.id}
    reports = []
    for language in translated_languages():
        catalog = _read(language)
        have = {_key(m.id) for m in catalog if m.id}
        report = Report(language, missing=sorted(sources - have), obsolete=sorted(have - sources),
                        untranslated=untranslated(catalog))
        for m in catalog:
            if not m.id or not m.string:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            want = Counter(placeholders(ids[-1]))
            for s in strings:
                if s and Counter(placeholders(s)) != want and Counter(placeholders(s)) != Counter(placeholders(ids[0])):
                    report.placeholders.append(f"{ids[0]!r} → {s!r}")
        path = mo_path(language)
        report.mo_stale = not path.exists() or path.read_bytes() != _mo_bytes(catalog)
        reports.append(report)
    return reports
