"""
Versions of editable rows (optimistic locking): a save based on an outdated version is refused.

A foundation below every app that saves content: every model a person edits inherits
versions.models.VersionedModel (tests/versions checks the admin site); their admins mix in
versions.admin.VersionedAdminMixin, inlines of versioned models VersionedInlineMixin.
"""
