"""Names of the venue presets in the learner's language.

A venue file keeps one name per venue, zone and opening (fictional places, English in the
presets); the planner and its figures show them through :func:`place`, which looks them up in the
translation catalogue. An opening named after its id ("Exit S1", "Court gate W") has its words
translated and its compass letters kept.
"""

from __future__ import annotations

from simsuite.i18n import N_, _

#: The names of the venue presets, their zones and passages, for the translation catalogue
#: (the venue file keeps one name; the page shows it in the learner's language).
PLACE_NAMES = (
    N_("Bahorgul Festival Park"),
    N_("Centre arch"),
    N_("Courtyard"),
    N_("East arch"),
    N_("East stand"),
    N_("East tier"),
    N_("Festival village"),
    N_("Main field"),
    N_("Navbahor Central Square"),
    N_("North lane"),
    N_("North stand"),
    N_("Oqsaroy Prayer Ground"),
    N_("Passage from the floor to the tier"),
    N_("Prayer ground"),
    N_("South lane"),
    N_("South stand"),
    N_("Square"),
    N_("Standing floor"),
    N_("Tinchsoy Indoor Arena"),
    N_("West arch"),
    N_("West stand"),
    N_("Zarbuloq Central Stadium"),
)
#: the presets' cities and descriptions (a tabletop brief shows them)
VENUE_TEXTS = (
    N_("Yulduzobod (fictional)"),
    N_("Navbahor (fictional)"),
    N_("Tinchsoy (fictional)"),
    N_("Bahorgul (fictional)"),
    N_("Oqsaroy (fictional)"),
    N_("Football stadium, four seated stands around the pitch, turnstile gates."),
    N_("Open city square used for rallies and public holidays; a stage on the north side."),
    N_("Indoor concert arena; standing floor with a stage, seated tier on the east side."),
    N_("Summer festival on open ground; main field and a festival village, two stages."),
    N_("Open-air prayer ground with a walled courtyard used on a religious holiday."),
)
#: openings named after their id whose name is more than a word and a compass letter
OPENING_NAMES = (
    N_("Court gate E"),
    N_("Court gate W"),
    N_("Door EM W"),
    N_("Exit EM E"),
    N_("Exit EM N"),
    N_("Exit EM W"),
    N_("Gate main"),
    N_("Gate west"),
    N_("Side east"),
    N_("Side west"),
    N_("South gate"),
)
#: the words of the other openings named after their id ("Exit S1", "Street SW", "Exit field W");
#: the compass letters stay as they are
OPENING_WORDS = {
    "Exit": N_("Exit"),
    "Door": N_("Door"),
    "Street": N_("Street"),
    "Gate": N_("Gate"),
    "Check": N_("Checkpoint"),
    "Foyer": N_("Foyer"),
    "Entry": N_("Entry"),
    "field": N_("field"),
    "village": N_("village"),
    "tier": N_("tier"),
}


def place(name: str) -> str:
    """A venue's, zone's or opening's name (or a preset's city or description) in the page
    language."""
    translated = _(name)
    if translated != name:
        return translated
    words = name.split(" ")
    if words[0] not in OPENING_WORDS:
        return name
    return " ".join(_(OPENING_WORDS[w]) if w in OPENING_WORDS else w for w in words)
