"""The engine's and the command line's translations (gettext), and the tool that keeps them fresh.

    python -m resviz.locale update    # the sources' texts into the .po (translations kept), then compile
    python -m resviz.locale compile   # .po → .mo (shipped with the package)
    python -m resviz.locale check     # exit 1 if the .po or .mo is out of date; lists untranslated

The tool needs Babel (in the ``test`` extra); reading the catalogues at run time needs only gettext.
"""
