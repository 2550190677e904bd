"""
The audit log's actions: a code stored with each entry and the Chinese label the admin shows.

The codes are not a database choice list, so that an app adds its own actions without a
migration here: call `register()` from its AppConfig.ready() (review registers its steps:
publish, unpublish …). An unknown code still saves and shows as itself.
"""

LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOCKED_OUT = "locked_out"
LOGOUT = "logout"

LABELS = {
    LOGIN: "登录",
    LOGIN_FAILED: "登录失败",
    LOCKED_OUT: "登录被锁定",
    LOGOUT: "退出",
}


def register(code, label):
    """Add an action (or relabel one); codes are short ASCII words, at most 32 characters."""
    if not code or len(code) > 32:
        raise ValueError(f"audit action code must be 1-32 characters: {code!r}")
    LABELS[code] = label


def label(code):
    return LABELS.get(code, code)
