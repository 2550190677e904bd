"""
The one flow of a public form's submission (留言, 意见征集, 依申请公开).

    return receive(request, form, accept=save, show=render, robot=thanks)

    class MessageForm(HoneypotFormMixin, ...):
        def rate_limits(self):  # counted in turn, once the form is valid (publicforms.limits)
            return [Limit("messages")]

A robot (the honeypot filled) gets `robot()` and nothing is stored; a form with errors comes back
(400) with everything typed; a valid one is counted against each of its form's `rate_limits()` in turn
and comes back (429) with `limited` once one is over, so only submissions that would be accepted
count and a citizen correcting mistakes is never refused for them; otherwise `accept(form)`.
"""

RATE_LIMITED_MESSAGE = "提交过于频繁，请稍后再试。您填写的内容仍保留在表单中。"


def receive(request, form, *, accept, show, robot, limited=RATE_LIMITED_MESSAGE):
    """Return the response to a public form's POST: `show(form, status)` unless accepted."""
    if form.is_robot:
        return robot()
    if not form.is_valid():
        return show(form, 400)
    if any(limit.count(request) for limit in form.rate_limits()):
        form.add_error(None, limited)
        return show(form, 429)
    return accept(form)
