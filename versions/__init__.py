"""
Versions of editable rows (optimistic locking): a save based on an outdated version is refused.

A foundation below every app that saves content: items, publications, columns, offices and
review revisions inherit versions.models.VersionedModel; their admins mix in
versions.admin.VersionedAdminMixin.
"""
