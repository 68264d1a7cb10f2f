"""The language resviz speaks, and the translation of the engine's and the command line's texts.

DESIGN: two catalogues, one language.
- Qt-free code (engine, command line) marks texts with ``_("…")`` from this module (gettext;
  catalogues in ``resviz/locale/<lang>/LC_MESSAGES/resviz.po``, compiled to ``.mo``). Numbers go
  in named placeholders filled after translation: ``_("Run {id} not found").format(id=run_id)``.
  Texts built at import time (tables of labels) are marked with ``N_("…")`` and translated with
  ``_()`` where they are shown.
- Qt code uses ``self.tr("…")`` / ``QCoreApplication.translate("Context", "…")`` with ``.ts``/
  ``.qm`` catalogues; it follows the language chosen here.

The language: ``--lang`` beats ``RESVIZ_LANG``, which beats a saved choice, which beats the
system locale. Anything that is not Chinese is English.
"""

from __future__ import annotations

import gettext
import locale
import os
import re
from collections.abc import Iterable
from pathlib import Path

ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "resviz"
ENV_VAR = "RESVIZ_LANG"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH


def normalize(tag: str | None) -> str | None:
    """A locale tag ('zh-CN', 'zh_CN.UTF-8', 'en_US', 'C') as one of LANGUAGES, or None."""
    if not tag:
        return None
    code = tag.strip().replace("-", "_").split(".")[0].split("@")[0].lower()
    if code.startswith("zh"):
        return CHINESE
    if code.startswith("en") or code in ("c", "posix"):
        return ENGLISH
    return None


def system_language() -> str:
    """The language of the system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, then the C library)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            for part in value.split(":"):
                found = normalize(part)
                if found:
                    return found
    try:
        found = normalize(locale.getlocale()[0])
    except ValueError:
        found = None
    return found or ENGLISH


def resolve_language(explicit: str | None = None, saved: str | None = None,
                     system: str | None = None) -> str:
    """The language to use: explicit (``--lang``), then RESVIZ_LANG, then saved, then the system."""
    for candidate in (explicit, os.environ.get(ENV_VAR), saved):
        found = normalize(candidate)
        if found:
            return found
    return normalize(system) or system_language()


def set_language(language: str) -> str:
    """Load the engine's catalogue for ``language``; returns the language now in force."""
    global _translation, _language
    lang = normalize(language) or ENGLISH
    if lang == ENGLISH:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)
    _language = lang
    return lang


def language() -> str:
    """The language in force (one of LANGUAGES)."""
    return _language


def _(message: str) -> str:
    """The text in the language in force."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural text for the count ``n``, in the language in force."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Marks a text for the catalogue without translating it now (tables built at import time)."""
    return message


def join_list(items: Iterable[str]) -> str:
    """Items of a sentence's list as the language in force writes them: "a, b" or "a、b"."""
    return ("、" if _language == CHINESE else ", ").join(items)


def pgettext(context: str, message: str) -> str:
    """The text in the language in force, as it reads in ``context`` (one English word can need
    two translations: the x axis's "step" is not the learning-rate schedule's)."""
    return _translation.pgettext(context, message)


def NC_(context: str, message: str) -> str:  # noqa: N802 - N_ with a context
    """Marks a text with its context for the catalogue without translating it now."""
    return message


_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK = _HAN + "\u3000-\u303f\uff00-\uffef"  # with the full-width punctuation
_GAP_IN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_HAN_THEN_LATIN = re.compile(f"(?<=[{_HAN}])(?=[A-Za-z0-9])")
_LATIN_THEN_HAN = re.compile(f"(?<=[A-Za-z0-9%])(?=[{_HAN}])")


def tidy_spacing(text: str) -> str:
    """Chinese text pieced together from translated parts, spaced as Chinese is typeset: no space
    between two Chinese characters, one between a Chinese character and a Latin word or number.
    A sentence built from "{deep} 训练得动" reads "56 层普通网络训练得动" when the name is Chinese
    and "ResNet-56 训练得动" when it is not. Other languages are returned unchanged."""
    if language() != CHINESE:
        return text
    text = _GAP_IN_CJK.sub("", text)
    return _LATIN_THEN_HAN.sub(" ", _HAN_THEN_LATIN.sub(" ", text))
