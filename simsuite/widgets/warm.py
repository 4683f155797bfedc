"""What a warm kernel does before its visitor arrives (see :mod:`simsuite.server.pool`).

The costly first steps of every app, paid ahead of time: importing the widget helpers, the
activities and matplotlib, drawing a first figure (matplotlib loads its fonts then), drawing a
first case of every exercise type (each type reads and checks its content files once), and
reading the catalogues and content of every language, since the visitor's language is known
only when the page is asked for. Nothing here depends on the visitor or creates a widget.
"""

from __future__ import annotations


def warm_up() -> None:
    import ipywidgets  # noqa: F401 - imported for its cost
    from matplotlib.figure import Figure

    import simsuite.massevent.widgets  # noqa: F401 - imports matplotlib and the planner
    import simsuite.widgets.form_app  # noqa: F401
    import simsuite.widgets.path  # noqa: F401
    from simsuite.activities.registry import exercise_types
    from simsuite.curriculum import load_curriculum
    from simsuite.i18n import _content_translations, _translations, available_languages
    from simsuite.law.lawpack import available_jurisdictions, load_pack
    from simsuite.massevent.plots import to_png
    from simsuite.trafficking.render import templates

    for exercise_type in exercise_types().values():
        # a case is a pure function of its parameters and seed: nothing is left behind but the
        # type's checked content, cached for the visitor's case
        exercise_type.generate(exercise_type.default_params, 0, "en")
    load_curriculum()
    figure = Figure(figsize=(1, 1))
    figure.add_subplot().set_title("warm")
    to_png(figure)
    for jurisdiction in available_jurisdictions():
        load_pack(jurisdiction)
    for lang in available_languages():
        _translations(lang)
        _content_translations(lang)
        templates(lang)
