"""
The staff's admin pages of the content types, registered when the admin discovers this module.

They compose every layer below: the content apps' models, forms, imports and exports, the
review panel and the history pages of `review`, the per-office rights, the privacy guard. Kept
here, above the review, so that no content app imports the process layer.
"""

from backoffice import catalogue_admin, columns_admin, publications_admin  # noqa: F401
