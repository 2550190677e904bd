"""
Find citizens' ID, mobile phone and bank card numbers in a string: pure functions, no Django.

A government page must never show a full ID number (seed 002 orders the clean-up of such leaks),
yet pages are full of long numbers that are not personal: 索引号 (11341700003244799H/202311-00094),
文号, dates, amounts, landlines. So each kind is recognised by its structure, not by its length:

- 18-digit resident ID (GB 11643-1999): province code, a real birth date, and the ISO 7064
  MOD 11-2 check digit, also written in groups (110105-19491231-002X) or between mask
  characters (**…**: all 18 are there); 15-digit old IDs: province code and a real YYMMDD date
  (no checksum).
- Mainland mobile numbers: 1[3-9] + 9 digits, optionally +86 / 0086 / 86 and 3-4-4 grouping.
- Bank cards: 16-19 digits (or groups of four), a card-scheme prefix and a valid Luhn digit; an
  18-digit run shaped like an ID is never called a card.

A number only counts when it stands alone: a digit, a Latin letter or a mask character right
before or after it makes it part of something longer (a code, an index number, a masked value
such as 340802********1234, which is exactly what clerks should publish). Full-width digits and
punctuation count as their ASCII forms (NFKC), one character for one, so positions stay those
of the original string.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ID_CARD = "身份证号"
PHONE = "手机号"
BANK_CARD = "银行卡号"

# The fewest characters a personal number takes: a mobile number's 11 digits.
SHORTEST = 11

# The first two digits of a resident ID: the province-level division (GB/T 2260).
PROVINCES = frozenset(
    re.findall(
        r"\d\d",
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
        "61 62 63 64 65 71 81 82 83 91",
    )
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900

# Issuer prefixes of the card schemes used in China: UnionPay (62), Visa (4), Mastercard and
# many domestic debit cards (5), Discover/UnionPay (60, 65), JCB (35), old domestic cards (95).
CARD_PREFIXES = ("62", "60", "65", "4", "5", "35", "95")

# Nothing that makes a number part of a longer token may touch it: digits, Latin letters, masks,
# or a decimal point / thousands comma followed or preceded by a digit (13812345678.00).
_BEFORE = r"(?<![0-9A-Za-z*×•●])(?<![0-9][.,])"
_AFTER = r"(?![0-9A-Za-z*×•●])(?![.,][0-9])"

# An 18-digit ID may be written in groups (6-8-4 or 6-4-4-4, by a space or a dash) and its check
# character as ×; a mask character beside it (Markdown's **bold**) hides nothing, since all 18
# characters are there: GB 11643's check character keeps false positives rare.
_ID_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9][.,])"
_ID_AFTER = r"(?![0-9A-Za-z])(?![.,][0-9])"
_ID_RE = re.compile(_ID_BEFORE + r"(\d{6})[ -]?(\d{4})[ -]?(\d{4})[ -]?(\d{3}[0-9Xx×])" + _ID_AFTER)
_OLD_ID_RE = re.compile(_BEFORE + r"(\d{6})(\d{6})(\d{3})" + _AFTER)
_PHONE_RE = re.compile(
    _BEFORE + r"(?:(?:\+|00)?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})" + _AFTER
)
_CARD_RE = re.compile(_BEFORE + r"(\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)" + _AFTER)


@dataclass(frozen=True)
class Detection:
    """One number found: its kind, the masked form to show, and where it is in the string."""

    kind: str
    masked: str
    start: int
    end: int


def _fold(match):
    char = match.group()
    digit = unicodedata.decimal(char, None)
    return str(digit) if digit is not None else unicodedata.normalize("NFKC", char)


# Full-width ASCII forms, the ideographic space and every non-ASCII decimal digit: each folds
# to exactly one ASCII character.
_FOLDABLE = re.compile(r"[\uff01-\uff5e\u3000]|(?=\d)[^\x00-\x7f]")


def normalize(text):
    """
    Fold full-width digits and punctuation (NFKC) and other Unicode digits to ASCII.

    Every folded character becomes exactly one character, so offsets in the result are offsets
    in `text`.
    """
    return text if text.isascii() else _FOLDABLE.sub(_fold, text)


def id_check_char(first17):
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def luhn_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _birth_date(year, month, day, today):
    try:
        born = date(year, month, day)
    except ValueError:
        return None
    if born.year < EARLIEST_BIRTH_YEAR or born > today:
        return None
    return born


def looks_like_id(digits, today=None):
    """True for 18 digits with a province code and a real birth date (checksum not checked)."""
    today = today or date.today()
    if len(digits) != 18 or digits[:2] not in PROVINCES:
        return False
    return _birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]), today) is not None


def is_resident_id(number, today=None):
    """True for a valid 18-digit ID: province, real birth date and the right check character."""
    number = number.upper()
    if not re.fullmatch(r"\d{17}[0-9X]", number):
        return False
    return looks_like_id(number[:17] + "0", today) and id_check_char(number[:17]) == number[17]


def is_old_resident_id(number, today=None):
    """True for a 15-digit ID (before 1999): province code and a real 19YYMMDD birth date."""
    today = today or date.today()
    if not re.fullmatch(r"\d{15}", number) or number[:2] not in PROVINCES:
        return False
    born = _birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), today)
    return born is not None


def is_bank_card(digits):
    return 16 <= len(digits) <= 19 and digits.startswith(CARD_PREFIXES) and luhn_valid(digits)


def mask_id(number):
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number):
    return number[:3] + "****" + number[-4:]


def mask_card(digits):
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def find_personal_numbers(text, today=None):
    """
    Return every ID, mobile and bank card number in `text`, in order of position.

    The kinds are tried in order of certainty (checksummed IDs, old IDs, phones, cards) and a
    later kind never claims characters an earlier one took.
    """
    # The shortest number found has 11 digits (a mobile number): most cells are shorter.
    text = str(text) if text else ""
    if len(text) < SHORTEST:
        return []
    text = normalize(text)
    today = today or date.today()
    found = []
    taken = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    def add(kind, masked, match):
        found.append(Detection(kind, masked, match.start(), match.end()))
        taken.append((match.start(), match.end()))

    for match in _ID_RE.finditer(text):
        number = "".join(match.groups()).upper().replace("×", "X")
        if is_resident_id(number, today):
            add(ID_CARD, mask_id(number), match)
    for match in _OLD_ID_RE.finditer(text):
        number = "".join(match.groups())
        if free(match.start(), match.end()) and is_old_resident_id(number, today):
            add(ID_CARD, mask_id(number), match)
    for match in _PHONE_RE.finditer(text):
        if free(match.start(), match.end()):
            add(PHONE, mask_phone("".join(match.groups())), match)
    for match in _CARD_RE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group(1))
        if not free(match.start(), match.end()) or looks_like_id(digits, today):
            continue
        if is_bank_card(digits):
            add(BANK_CARD, mask_card(digits), match)
    found.sort(key=lambda detection: detection.start)
    return found
