"""The lessons' explanations: one Markdown file per lesson and language, shipped with the package.

Whole files rather than gettext entries: a lesson is a page of prose with a formula and an
image, which a translator writes as a whole (word order and paragraphing change between English
and Chinese); short texts (titles, summaries, conclusions) stay in the gettext catalogue.
"""

from __future__ import annotations

from pathlib import Path

from resviz.i18n import ENGLISH, language, normalize
from resviz.lessons.catalog import Lesson

TEXT_DIR = Path(__file__).resolve().parent / "text"


def text_path(lesson: Lesson, lang: str) -> Path:
    return TEXT_DIR / lang / f"{lesson.number}_{lesson.key}.md"


def explanation(lesson: Lesson, lang: str | None = None) -> str:
    """The lesson's explanation in ``lang`` (default: the language in force), else in English."""
    wanted = normalize(lang) if lang else language()
    path = text_path(lesson, wanted or ENGLISH)
    if not path.exists():
        path = text_path(lesson, ENGLISH)
    return path.read_text(encoding="utf-8")
