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


# Full-width digits and Latin letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A) and their ASCII forms.
_ALPHANUMERICS = str.maketrans(
    {
        chr(code): chr(code - 0xFEE0)
        for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for code in range(start, end + 1)
    }
)


def half_width_alphanumerics(text):
    """
    Return text with only full-width digits and letters as ASCII: for a search query.

    Published documents write 2019 and 52号 in ASCII digits but keep full-width punctuation
    (（试行）, 〔〕, ，), so a query keeps its punctuation as typed, unlike `half_width`.
    """
    return (text or "").translate(_ALPHANUMERICS)
