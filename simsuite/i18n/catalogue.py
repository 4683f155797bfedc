"""Read a ``.po`` catalogue into gettext translations, quickly.

Every page of a language needs its catalogues; Babel's reader and ``.mo`` writer took about
0.3 s per catalogue, paid again in each kernel (an English qualification page reads the content
catalogues of every language, for the key's summaries). This reader handles what ``pybabel
update`` writes: comments, ``#,`` flags, ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``
and ``msgstr[n]`` with continuation lines, obsolete ``#~`` entries. Fuzzy and untranslated
entries are left out, so they fall back to English; the result is the same as Babel's
``read_po`` then ``write_mo`` (``tests/unit/test_i18n_catalogue.py`` compares them).
"""

from __future__ import annotations

import gettext
import io
import re
import struct

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_MO_MAGIC = 0x950412DE


def _unquote(body: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def parse_po(text: str) -> list[tuple[str, str]]:
    """The translated entries as ``.mo`` keys and values (``ctxt\\x04id``; plural forms
    joined by NUL), the header first; fuzzy and untranslated entries left out."""
    entries: list[tuple[str, str]] = []
    entry: dict = {}
    field: tuple | None = None

    def finish() -> None:
        if "msgid" not in entry:
            return
        msgid = entry["msgid"]
        forms = entry.get("msgstr", {})
        key = msgid
        if "msgid_plural" in entry:
            key = f"{msgid}\0{entry['msgid_plural']}"
            if not forms:
                return
            english = (msgid, entry["msgid_plural"])
            values = [forms.get(i) or english[min(i, 1)] for i in range(max(forms) + 1)]
            value = "\0".join(values)
        else:
            value = forms.get(0, "")
            if not value and msgid:
                return
        if entry.get("fuzzy") and msgid:
            return
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        entries.append((key, value))

    # only "\n" ends a line: str.splitlines() would also split at U+2028 and other separators
    # that a translation may hold
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and entry:
                finish()
                entry, field = {}, None
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if "msgstr" in entry:  # a flag opens the next entry
                    finish()
                    entry, field = {}, None
                entry["fuzzy"] = True
            continue
        if line.startswith('"'):
            if field is None or not line.endswith('"'):
                raise ValueError(f"line {number}: a string continues nothing")
            name, index = field
            if name == "msgstr":
                entry["msgstr"][index] += _unquote(line[1:-1])
            else:
                entry[name] += _unquote(line[1:-1])
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise ValueError(f"line {number}: not a catalogue line: {line[:60]}")
        keyword, index, body = match.groups()
        if keyword in ("msgctxt", "msgid") and "msgstr" in entry:
            finish()  # entries not separated by a blank line
            entry = {}
        if keyword.startswith("msgstr"):
            slot = int(index) if index is not None else 0
            entry.setdefault("msgstr", {})[slot] = _unquote(body)
            field = ("msgstr", slot)
        else:
            entry[keyword] = _unquote(body)
            field = (keyword, None)
    finish()
    return entries


def mo_bytes(entries: list[tuple[str, str]]) -> bytes:
    """A ``.mo`` file of the entries (keys sorted, no hash table), as gettext reads it."""
    pairs = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in entries)
    count = len(pairs)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + sum(len(k) + 1 for k, _v in pairs)
    key_index, value_index = [], []
    key_offset, value_offset = key_start, value_start
    for key, value in pairs:
        key_index += [len(key), key_offset]
        value_index += [len(value), value_offset]
        key_offset += len(key) + 1
        value_offset += len(value) + 1
    header = struct.pack("<7I", _MO_MAGIC, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    index = struct.pack(f"<{4 * count}I", *key_index, *value_index)
    keys = b"".join(k + b"\0" for k, _v in pairs)
    values = b"".join(v + b"\0" for _k, v in pairs)
    return header + index + keys + values


def translations_from_po(text: str) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(mo_bytes(parse_po(text))))
