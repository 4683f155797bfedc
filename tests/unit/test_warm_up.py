"""A warm kernel's preparation runs in a fresh interpreter and leaves what pages need cached.

The pool logs a failed warm-up and serves pages from cold kernels, so no page test would notice
if it broke; this test does."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from simsuite.widgets.warm import warm_up
from simsuite.i18n import _content_translations, _translations, available_languages, get_language
from simsuite.trafficking.render import packaged
from simsuite.activities.reprisal_risk.content import catalogue
warm_up()
print(json.dumps({
    "languages": list(available_languages()),
    "catalogues": _translations.cache_info().currsize,
    "content_catalogues": _content_translations.cache_info().currsize,
    "templates": sorted(packaged()._cache),
    "matplotlib": "matplotlib.figure" in sys.modules,
    "language": get_language(),
    "reprisal_catalogue": catalogue.cache_info().currsize,
}))
"""


def test_warm_up_runs_in_a_fresh_interpreter_and_caches_every_language():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    languages = seen["languages"]
    assert len(languages) >= 5
    assert seen["catalogues"] == len(languages) and seen["content_catalogues"] == len(languages)
    assert seen["templates"] == sorted(languages)
    assert seen["matplotlib"]
    assert seen["reprisal_catalogue"] == 1  # a first case of every type read its content
    assert seen["language"] == "en"  # the visitor's language is set later, by the page
