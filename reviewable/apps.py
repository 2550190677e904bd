from django.apps import AppConfig


class ReviewableConfig(AppConfig):
    name = "reviewable"
    verbose_name = "审核约定"

    def ready(self):
        from audit import actions
        from reviewable.steps import audit_actions

        # Every review step is an action of the audit log, under the step's own label.
        for code, label in audit_actions():
            if code not in actions.LABELS:
                actions.register(code, label)
