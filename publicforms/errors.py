"""
Chinese error messages that name their field, for every public form.

Django's defaults say neither which field is wrong nor, for a NUL character, what is wrong (its
Chinese "不允许是用空字符串。" is a mistranslation of "Null characters are not allowed."). The mixin
replaces them in every field of a form; a message a form sets itself is kept:

    class MessageForm(HoneypotFormMixin, FieldMessagesMixin, forms.ModelForm): ...

It also states the limit of every text area next to the field (the browser enforces it through
the `maxlength` Django gives any field with a max_length) and labels an empty choice 请选择.
"""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH

EMPTY_CHOICE = "请选择"
_DASHES = BLANK_CHOICE_DASH[0][1]


def _label(label):
    # The messages are %-formatted with the validator's numbers.
    return str(label).replace("%", "%%")


def control_characters(label):
    """The message for a NUL character: it never comes from a keyboard, so say how to fix it."""
    return f"{_label(label)}含有无法识别的控制字符，请删除后重试。"


def too_long(label):
    return f"{_label(label)}不能超过 %(limit_value)d 字（现有 %(show_value)d 字）。"


def too_short(label):
    return f"{_label(label)}至少 %(limit_value)d 字（现有 %(show_value)d 字）。"


def messages_for(field):
    """Return the Chinese message for each error code Django may give `field`."""
    label = field.label
    choice = isinstance(field, forms.ChoiceField)
    messages = {
        "required": f"请选择{_label(label)}。" if choice else f"请填写{_label(label)}。",
        "invalid": f"{_label(label)}格式不正确。",
        "invalid_choice": f"{_label(label)}没有这个选项，请重新选择。",
        "null_characters_not_allowed": control_characters(label),
        "max_length": too_long(label),
        "min_length": too_short(label),
    }
    if isinstance(field, forms.EmailField):
        messages["invalid"] = f"{_label(label)}格式不正确，例如 name@example.com。"
    return messages


def _defaults(field):
    """Django's own messages for the field's class (what a form did not set itself)."""
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def name_the_field(field):
    """Give `field` the messages of `messages_for` where it still has Django's."""
    defaults = _defaults(field)
    for code, message in messages_for(field).items():
        current = field.error_messages.get(code)
        if current is None or str(current) == str(defaults.get(code)):
            field.error_messages[code] = message
    if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
        limit = f"最多 {field.max_length} 字。"
        field.help_text = f"{field.help_text}{limit}" if field.help_text else limit
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DASHES:
            field.empty_label = EMPTY_CHOICE
    elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, forms.RadioSelect):
        field.choices = [
            (value, EMPTY_CHOICE if value == "" and text == _DASHES else text)
            for value, text in field.choices
        ]


class FieldMessagesMixin:
    """Give every field of the form Chinese messages that name it (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_the_field(field)
        self._one_character_line_breaks()

    def _one_character_line_breaks(self):
        """
        Count a line break in a text area as one character, as the browser's maxlength does.

        Browsers send a line break as CR LF; counted as two, a text the browser let through at
        its limit would be refused here.
        """
        names = [
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field.widget, forms.Textarea)
        ]
        if not self.is_bound or not any("\r" in str(self.data.get(n, "")) for n in names):
            return
        data = self.data.copy()
        for name in names:
            if name in data:
                data[name] = str(data[name]).replace("\r\n", "\n")
        self.data = data
