"""The register as people read it: a table that fits a phone, and the same figures in words."""

from __future__ import annotations

import html
from collections.abc import Sequence

from simsuite.activities.reprisal_risk.content import Catalogue
from simsuite.activities.reprisal_risk.register import RegisterRow, band
from simsuite.i18n import N_, _, localized

BAND_NAMES = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "very_high": N_("very high"),
}
REGISTER_CSS = """
<style>
.simsuite-register { border-collapse: collapse; width: 100%; max-width: 52em;
  table-layout: fixed; margin: .4em 0 .8em; }
.simsuite-register th, .simsuite-register td { border: 1px solid #bbb; padding: .3em .45em;
  text-align: left; vertical-align: top; overflow-wrap: break-word; }
.simsuite-register caption { text-align: left; font-weight: 600; margin-bottom: .2em; }
.simsuite-register .simsuite-band-very_high { color: #8e0000; font-weight: 600; }
.simsuite-register .simsuite-band-high { color: #a33b00; font-weight: 600; }
.simsuite-register small { color: #444; }
/* on a phone each threat is a card: its name, then before and after, each with its label */
@media (max-width: 600px) {
  .simsuite-register, .simsuite-register tbody, .simsuite-register tr,
  .simsuite-register th, .simsuite-register td { display: block; width: auto; }
  .simsuite-register thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0, 0, 0, 0); }
  .simsuite-register tr { border: 1px solid #bbb; margin: 0 0 .5em; }
  .simsuite-register th, .simsuite-register td { border: none; }
  .simsuite-register td::before { content: attr(data-label) ": "; font-weight: 600; }
}
</style>
"""

def level_name(value: float, catalogue: Catalogue, lang: str) -> str:
    """The nearest step of the scale, named (1.4 reads "low", 3.6 "very high")."""
    nearest = min(catalogue.level_values, key=lambda lv: abs(catalogue.level_values[lv] - value))
    return localized(catalogue.level_labels[nearest], lang)


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _cell(likelihood: float, impact: float, v: int, c: int, catalogue: Catalogue, lang: str):
    risk = likelihood * impact
    name = band(risk)
    text = _("likelihood {l} ({lv}) × impact {i} ({iv}) = {risk}").format(
        l=level_name(likelihood, catalogue, lang), lv=_number(likelihood),
        i=level_name(impact, catalogue, lang), iv=_number(impact), risk=_number(round(risk, 1)),
    )
    factors = _("vulnerabilities {v}, capacities {c}").format(v=v, c=c)
    band_name = html.escape(_(BAND_NAMES[name]))
    return (
        f'{html.escape(text)}: <span class="simsuite-band-{name}">{band_name}</span>'
        f"<br><small>{html.escape(factors)}</small>"
    )


def register_html(
    rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str, caption: str
) -> str:
    """Threat | before | after: three columns that wrap on a narrow screen."""
    if not rows:
        nothing = _("no threat rated yet.")
        return f"<p>{html.escape(caption)}: {html.escape(nothing)}</p>"
    columns = (_("Threat"), _("Before the plan"), _("After the plan"))
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in columns)
    before_label, after_label = html.escape(columns[1]), html.escape(columns[2])
    body = []
    for row in rows:
        label = localized(catalogue.threats[row.threat].label, lang)
        if row.priority:
            label += " · " + _("priority")
        before = _cell(row.likelihood, row.impact, len(row.vulnerabilities),
                       len(row.capacities), catalogue, lang)
        after = _cell(row.likelihood_after, row.impact_after, len(row.vulnerabilities_after),
                      len(row.capacities_after), catalogue, lang)
        if row.responses:
            after += "<br><small>{}</small>".format(
                html.escape(_("emergency measures ready: {n}").format(n=len(row.responses)))
            )
        body.append(
            f'<tr><th scope="row">{html.escape(label)}</th>'
            f'<td data-label="{before_label}">{before}</td>'
            f'<td data-label="{after_label}">{after}</td></tr>'
        )
    return (
        f'<table class="simsuite-register"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def register_words(rows: Sequence[RegisterRow], catalogue: Catalogue, lang: str) -> list[str]:
    """Each threat's figures in a sentence: the text alternative of the risk matrix."""
    lines = []
    for number, row in enumerate(rows, start=1):
        label = localized(catalogue.threats[row.threat].label, lang)
        lines.append(
            _("{n}. {threat}: before the plan likelihood {l} and impact {i}, risk {risk} "
              "({band}); after the plan likelihood {l2} and impact {i2}, risk {risk2} "
              "({band2}).").format(
                n=number, threat=label,
                l=level_name(row.likelihood, catalogue, lang),
                i=level_name(row.impact, catalogue, lang),
                risk=_number(row.risk), band=_(BAND_NAMES[band(row.risk)]),
                l2=f"{level_name(row.likelihood_after, catalogue, lang)} "
                   f"({_number(row.likelihood_after)})",
                i2=f"{level_name(row.impact_after, catalogue, lang)} "
                   f"({_number(row.impact_after)})",
                risk2=_number(row.risk_after), band2=_(BAND_NAMES[band(row.risk_after)]),
            )
        )
    return lines
