"""The lessons' explanations: one Markdown file per lesson and language, shipped with the package.

Whole files rather than gettext entries: a lesson is a page of prose with a formula and an
image, which a translator writes as a whole (word order and paragraphing change between English
and Chinese); short texts (titles, summaries, conclusions) stay in the gettext catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path

from resviz.i18n import ENGLISH, language, normalize
from resviz.lessons.catalog import Lesson

TEXT_DIR = Path(__file__).resolve().parent / "text"
# Markdown turns a line break inside a paragraph into a space; Chinese puts no space between
# words, so a break next to a Chinese character or full-width punctuation is joined away.
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u201c\u201d]"
_CJK_BREAK = re.compile(rf"(?<={_CJK})\n(?=\S)|(?<=\S)\n(?={_CJK})")


def text_path(lesson: Lesson, lang: str) -> Path:
    return TEXT_DIR / lang / f"{lesson.number}_{lesson.key}.md"


def explanation(lesson: Lesson, lang: str | None = None) -> str:
    """The lesson's explanation in ``lang`` (default: the language in force), else in English."""
    wanted = normalize(lang) if lang else language()
    path = text_path(lesson, wanted or ENGLISH)
    if not path.exists():
        path = text_path(lesson, ENGLISH)
    text = path.read_text(encoding="utf-8")
    if path.parent.name != ENGLISH:
        text = "\n\n".join(_CJK_BREAK.sub("", p) if not p.lstrip().startswith(("#", "$$", "```", "|", "-", "*"))
                             or p.lstrip().startswith("**") else p for p in text.split("\n\n"))
    return text
