"""
What each app contributes to the site as a whole, declared once on its own AppConfig.

A new feature declares here, in its `apps.py`, and edits no other app. The apps that serve the
whole site read every app's declaration through `contributions.collect.declared`, the way
`reviewable.models.reviewable_models()` finds the reviewed types:

    page_cached_models   names of the app's own models public pages show: a change of one drops
                         the cached pages (pagecache.receivers)
    role_permissions     {role: codenames of the app's own permissions}, the roles named in
                         `contributions.roles`; `SITE_ADMIN: ALL` gives the site administrator
                         every permission the app defines (review.roles builds the groups)
    selfcheck_rules      `SelfCheckRules`: a function of the run's facts and the rules it files
                         (selfcheck.rules lists them in order)
    demo_loader          `DemoLoader`: the command that loads the app's demo data, its place in
                         the order and how it is deleted (the `load_demo` command)
    menu_entries         `MenuEntry`s of the public menu: the header and the home page
                         (sitewide.context_processors.menu)

The declarations are plain data (strings, numbers, dotted paths), so an app names no other app
and imports nothing above the foundations to declare.
"""
