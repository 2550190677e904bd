"""publicforms.errors: Chinese messages naming the field, kept where a form sets its own."""

from django import forms

from publicforms.errors import FieldMessagesMixin


class Example(FieldMessagesMixin, forms.Form):
    title = forms.CharField(label="主题", max_length=5)
    code = forms.CharField(label="查询码", error_messages={"required": "请填写回执上的查询码。"})
    kind = forms.ChoiceField(label="类型", choices=[("", "---------"), ("a", "甲")])
    text = forms.CharField(label="内容", max_length=10, widget=forms.Textarea, help_text="写明。")


def errors(**data):
    form = Example(data)
    form.is_valid()
    return form.errors


def test_django_s_messages_become_chinese_ones_naming_the_field():
    assert errors(title="")["title"] == ["请填写主题。"]
    assert errors(title="一二三四五六")["title"] == ["主题不能超过 5 字（现有 6 字）。"]
    assert errors(title="一\x00")["title"] == ["主题含有无法识别的控制字符，请删除后重试。"]
    assert errors(kind="")["kind"] == ["请选择类型。"]
    assert errors(kind="z")["kind"] == ["类型没有这个选项，请重新选择。"]


def test_a_message_the_form_sets_is_kept():
    assert errors(code="")["code"] == ["请填写回执上的查询码。"]


def test_empty_choices_ask_to_choose_and_text_areas_state_their_limit():
    form = Example()
    assert form.fields["kind"].choices[0] == ("", "请选择")
    assert form.fields["text"].help_text == "写明。最多 10 字。"
    assert 'maxlength="10"' in str(form["text"])


def test_any_other_form_gets_a_correct_message_for_a_nul_character():
    """Django's Chinese says "不允许是用空字符串。"; the portal's translation corrects it."""

    class Plain(forms.Form):
        name = forms.CharField()

    form = Plain({"name": "\x00"})
    assert not form.is_valid()
    assert form.errors["name"] == ["含有无法识别的控制字符，请删除后重试。"]


def test_a_line_break_counts_as_one_character_as_in_the_browser():
    """A browser's maxlength counts a line break once, and sends it as CR LF."""
    form = Example({"title": "主题", "code": "X", "kind": "a", "text": "一二三四\r\n五六七八九"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "一二三四\n五六七八九"
