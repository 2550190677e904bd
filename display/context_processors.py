from urllib.parse import urlencode

from django.urls import reverse

from display.modes import care_level, wants_traditional


def display(request):
    """The display switches and the body class for every page, from cookies only (no query)."""
    level = care_level(request)
    hant = wants_traditional(request)
    query = "?" + urlencode({"next": request.get_full_path()})

    def switch(name, value):
        return reverse(name, args=[value]) + query

    classes = []
    if level:
        classes += ["care", f"care-{level}"]
    if hant:
        classes.append("script-hant")
    return {
        "display": {
            "care": level,
            "hant": hant,
            "body_class": " ".join(classes),
            "care_on_url": switch("display:care", "on"),
            "care_large_url": switch("display:care", "large"),
            "care_off_url": switch("display:care", "off"),
            "hant_url": switch("display:script", "hant"),
            "hans_url": switch("display:script", "hans"),
        }
    }
