"""
Citizen display modes: the elder-friendly 关怀版 and the Traditional-character 繁体 view.

Both are chosen by a cookie, so they work without JavaScript, need no session and are the only
things a cached public page varies on (the cookie names below).
"""

CARE_COOKIE = "care"
SCRIPT_COOKIE = "script"
