"""The contact rule every public form shares, and the half-width reading of what an IME types."""

import pytest
from django import forms

from publicforms.contact import clean_contact, clean_phone
from publicforms.normalise import half_width, half_width_alphanumerics


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138-1234-5678", "138-1234-5678"),
        ("0551-12345678", "0551-12345678"),
        ("(0551) 1234 5678", "(0551) 1234 5678"),
        ("+86 138 1234 5678", "+86 138 1234 5678"),
        ("１３８００１３８０００", "13800138000"),
        ("０５５１－１２３４５６７８", "0551-12345678"),
        (" 13812345678\u3000", "13812345678"),
        ("zhang.san@example.com", "zhang.san@example.com"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"),
    ],
)
def test_a_phone_number_or_an_address_is_a_contact(typed, stored):
    assert clean_contact(typed, "联系方式") == stored


@pytest.mark.parametrize("typed", ["x", "abc", "123456", "12-34-56", "电话找张三", "a@b", "@x.cn"])
def test_anything_else_is_refused_naming_the_field(typed):
    with pytest.raises(forms.ValidationError) as refused:
        clean_contact(typed, "联系方式")
    (message,) = refused.value.messages
    assert message.startswith("联系方式应为电话号码") and "电子邮箱" in message


def test_a_phone_field_takes_phone_numbers_only():
    assert clean_phone("１３８-0000-5678", "联系电话") == "138-0000-5678"
    for typed in ("12", "lisi@example.com"):
        with pytest.raises(forms.ValidationError, match="联系电话应为7至20位数字"):
            clean_phone(typed, "联系电话")


def test_half_width_reads_full_width_digits_letters_and_signs():
    assert half_width("８０００") == "8000"
    assert half_width("ＡＢＣ２３４－ｘ") == "ABC234-x"
    assert half_width(None) == ""


def test_a_search_query_reads_full_width_letters_and_digits_but_keeps_its_punctuation():
    assert half_width_alphanumerics("民办函〔２０１９〕５２号（试行）ＡＢｃ") == (
        "民办函〔2019〕52号（试行）ABc"
    )
    assert half_width_alphanumerics(None) == ""
