"""The gettext catalogues are in step with the sources, the .mo with the .po, and every
translation keeps its source's placeholders."""

from __future__ import annotations

import gettext

import pytest

pytest.importorskip("babel")

from resviz import i18n  # noqa: E402
from resviz.locale import catalog  # noqa: E402


def test_catalogues_are_up_to_date_with_the_sources() -> None:
    for report in catalog.check():
        assert report.missing == [], "new texts: run python -m resviz.locale update, then translate"
        assert report.obsolete == [], "texts gone from the sources: run python -m resviz.locale update"
        assert report.placeholders == []
        assert not report.mo_stale, "run python -m resviz.locale compile"


def test_the_shipped_mo_translates() -> None:
    translation = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, [i18n.CHINESE])
    assert translation.gettext("usage: ") == "用法："
    assert "{id}" in translation.gettext("deleted run {id}")


def test_placeholders_are_compared_by_name_and_kind() -> None:
    assert catalog.placeholders("run {id}: {loss:.3f} at %(prog)s, 50%%") == ["%%", "%(prog)s", "{id}", "{loss:.3f}"]
    assert catalog.placeholders("运行 {id}") != catalog.placeholders("运行 {run}")
