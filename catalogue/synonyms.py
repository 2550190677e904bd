"""
Words citizens search with that the catalogue writes differently.

The standard catalogue uses the formal names (最低生活保障, 特困人员, 养老机构); people say 低保,
五保, 养老院. Each key expands to the formal terms it stands for; the search matches any of them.
Keep the list short and certain: a wrong synonym shows citizens items they did not ask for.
"""

SYNONYMS = {
    "低保": ("最低生活保障",),
    # 农村五保供养 became part of 特困人员救助供养 (国发〔2016〕14号).
    "五保": ("特困人员",),
    "五保户": ("特困人员",),
    "敬老院": ("养老机构",),
    "养老院": ("养老机构",),
}


def expand(word):
    """Return `word` and the formal terms it stands for."""
    return (word, *SYNONYMS.get(word, ()))
