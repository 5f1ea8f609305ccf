"""The one way a refused action's reason becomes a sentence on a page.

Services raise errors whose text is a clause ("the scale has no mastery level"); a page shows it as a
sentence, after "Nothing was changed." or in a form's error summary: capitalized, with one full stop,
none added after a question or an exclamation mark (so "...no mastery level." never reads "level..").
A ValidationError is shown as its messages, each a sentence, not as the repr of its list.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

_ENDINGS = (".", "!", "?", "…")


def sentence(error: Exception | str) -> str:
    """ "the scale has no mastery level" -> "The scale has no mastery level." """
    if isinstance(error, ValidationError):
        return " ".join(sentence(str(message)) for message in error.messages)
    text = str(error).strip()
    if not text:
        return ""
    return text[:1].upper() + text[1:] + ("" if text.endswith(_ENDINGS) else ".")
