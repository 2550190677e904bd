"""查询码: the applicant's key to the status page, random and unambiguous when read aloud."""

import secrets

from publicforms.normalise import half_width

# No 0/O, 1/I/L: a code copied from paper or read over the phone cannot be misread.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12  # 31**12 ≈ 7.9e17: guessing one in a rate-limited lookup is hopeless


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text):
    """What a person typed, as stored: half-width, upper case, without spaces and dashes."""
    return "".join(ch for ch in half_width(text).upper() if ch not in " -")
