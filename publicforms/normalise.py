"""
What a phone's input method types, as the forms read it.

A Chinese IME in full-width mode gives "１３８００１３８０００", "０５５１－１２３４５６７８" or
"ＡＢＣ２３４" for a 查询码; NFKC turns those into the ASCII a person means, so every form accepts
them and stores the plain form.
"""

import unicodedata


def half_width(text):
    """Return text with full-width digits, letters, signs and spaces as their ASCII forms."""
    return unicodedata.normalize("NFKC", text or "")
