"""The forms staff enter a year's schedule with: a pasted notice, or the days by hand."""

from django import forms

from workdays.store import check_days

FIRST_YEAR, LAST_YEAR = 1949, 2200


class NoticeForm(forms.Form):
    """Paste the notice, check the preview, then save."""

    year = forms.IntegerField(
        label="年份",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": "请填写年份。",
            "invalid": "年份应为四位数字，例如 2027。",
            "min_value": f"年份不能早于 {FIRST_YEAR} 年。",
            "max_value": f"年份不能晚于 {LAST_YEAR} 年。",
        },
    )
    notice_title = forms.CharField(
        label="通知标题",
        max_length=200,
        required=False,
        help_text="例如：国务院办公厅关于2027年部分节假日安排的通知。留空时从正文中读取。",
    )
    notice_text = forms.CharField(
        label="通知正文",
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        error_messages={"required": "请粘贴通知中“一、元旦：……”等各条安排。"},
        help_text="从中国政府网复制通知全文或其中的各条安排，粘贴在这里。",
    )


class DayFormSet(forms.BaseInlineFormSet):
    """The days of a schedule edited by hand: each in the year, no make-up day on a weekday."""

    def clean(self):
        super().clean()
        year = self.instance.year
        days = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("date"):
                continue
            if data["date"] in days:
                raise forms.ValidationError(f"{data['date'].isoformat()} 填写了两次。")
            days[data["date"]] = data.get("kind")
        errors = check_days(year, days) if year else []
        if errors:
            raise forms.ValidationError(errors)
