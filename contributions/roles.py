"""
The four role groups of 先审后发, by the names the site shows, for every app to declare its part.

    信息员        prepares items and publications (with their attachments) and submits them
    公开办负责人  checks what was submitted (审核), publishes what was approved, keeps the columns
    分管领导      approves what was checked (批准)
    站点管理员    every permission of the apps that give it theirs (ALL)

They sit at the bottom of the layers so that every app, foundations included, can declare the
permissions it gives each role (`role_permissions` on its AppConfig); review.roles builds the
groups from the declarations.
"""

CLERK = "信息员"
HEAD = "公开办负责人"
LEADER = "分管领导"
SITE_ADMIN = "站点管理员"

ROLES = (CLERK, HEAD, LEADER, SITE_ADMIN)

# Instead of a list of codenames: every permission the app defines.
ALL = "__all__"
