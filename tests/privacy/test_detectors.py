"""The number detectors: real-looking numbers are caught, everything else on a page passes."""

from datetime import date

import pytest

from privacy.detectors import (
    BANK_CARD,
    ID_CARD,
    PHONE,
    find_personal_numbers,
    id_check_char,
    is_resident_id,
    luhn_valid,
)
from tests.privacy.files import luhn_card, not_luhn, resident_id, wrong_check


def kinds(text):
    return [(d.kind, d.masked) for d in find_personal_numbers(text)]


def test_the_test_ids_have_the_gb_11643_check_character():
    # The standard's own example: 11010519491231002X.
    assert id_check_char("11010519491231002") == "X"
    assert is_resident_id("11010519491231002X")
    assert is_resident_id(resident_id())
    assert not is_resident_id(wrong_check(resident_id()))


@pytest.mark.parametrize("born", ["19560312", "19900101", "20000229", "19491231"])
def test_valid_ids_are_caught_and_masked(born):
    number = resident_id(born=born)
    found = find_personal_numbers(f"申请人身份证号：{number}，住址略。")
    assert [(d.kind, d.masked) for d in found] == [(ID_CARD, f"340802********{number[-4:]}")]
    assert found[0].start == len("申请人身份证号：")
    assert found[0].end == found[0].start + 18


def test_lower_case_x_and_full_width_digits_count():
    number = resident_id(sequence="123")  # 34080219560312123X
    assert number.endswith("X")
    assert kinds(number.lower()) == [(ID_CARD, "340802********123X")]
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    found = find_personal_numbers(f"证号{full_width}")
    assert [(d.kind, d.start, d.end) for d in found] == [(ID_CARD, 2, 20)]


def test_checksum_invalid_ids_pass():
    assert kinds(wrong_check(resident_id())) == []
    assert kinds(f"身份证号 {wrong_check(resident_id(born='19900101'))}") == []


@pytest.mark.parametrize(
    "number",
    [
        "340802" + "19560230" + "1234",  # 30 February
        "340802" + "20991231" + "1234",  # born in the future
        "991234" + "19560312" + "1234",  # no province 99
    ],
)
def test_ids_with_impossible_dates_or_areas_pass(number):
    first17 = number[:17]
    assert kinds(first17 + id_check_char(first17)) == []


def test_old_fifteen_digit_ids_are_caught():
    assert kinds("原身份证号340802560312123。") == [(ID_CARD, "340802*****2123")]
    assert kinds("340802561332123") == []  # month 13


@pytest.mark.parametrize(
    "masked",
    [
        "340802********1234",
        "3408021990****1234",
        "340802＊＊＊＊＊＊＊＊1234",
        "340802xxxxxxxx1234",
        "34080219560312****",
        "138****5678",
        "138＊＊＊＊5678",
        "6222 **** **** 1234",
        "6222********1234",
    ],
)
def test_masked_numbers_pass(masked):
    assert kinds(f"申请人：张*明，证件号码 {masked}。") == []


@pytest.mark.parametrize(
    "text",
    [
        "索引号：11341700003244799H/202311-00094",
        "皖民〔2023〕112号",
        "民发〔2012〕45号",
        "发放资金 12,345.67元",
        "合计 1234567890.12 元",
        "2026年11月23日",
        "2026-11-23",
        "20261123",
        "咨询电话：0563-1234567",
        "咨询电话：(0563)12345678",
        "监督电话 12345",
        "统一社会信用代码 11341700003244799H",
        "编号 113417000032447991234",  # a longer run than any number
        "13812345678901",  # 14 digits: not a phone
        "邮编 242000",
    ],
)
def test_ordinary_numbers_on_a_page_pass(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "联系电话：138 1234 5678",
        "联系电话：138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "0086 13812345678",
        "86-13812345678",
        "（＋８６）１３８１２３４５６７８",
    ],
)
def test_mobile_numbers_are_caught(text):
    assert kinds(text) == [(PHONE, "138****5678")]


def test_phone_findings_cover_the_prefix():
    found = find_personal_numbers("电话+86 138 1234 5678。")
    assert (found[0].start, found[0].end) == (2, 19)


@pytest.mark.parametrize("length", [16, 17, 18, 19])
def test_luhn_valid_cards_are_caught_and_luhn_invalid_pass(length):
    card = luhn_card(length=length)
    assert luhn_valid(card)
    assert kinds(f"卡号：{card}") == [(BANK_CARD, card[:4] + "*" * (length - 8) + card[-4:])]
    assert kinds(f"卡号：{not_luhn(card)}") == []


def test_grouped_card_numbers_are_caught():
    card = luhn_card()
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"银行账号 {grouped}") == [(BANK_CARD, f"{card[:4]}********{card[-4:]}")]
    assert kinds(f"银行账号 {grouped.replace(' ', '-')}") == [
        (BANK_CARD, f"{card[:4]}********{card[-4:]}")
    ]


def test_luhn_valid_numbers_without_a_card_prefix_pass():
    assert kinds(luhn_card(prefix="1134", length=17)) == []


def test_an_id_is_never_also_called_a_card():
    # An ID from a province starting 4, 5 or 6 can also pass Luhn: it is still only an ID.
    for sequence in range(100, 200):
        number = resident_id(area="410102", sequence=str(sequence))
        if number[-1] != "X" and luhn_valid(number):
            break
    assert luhn_valid(number)
    assert kinds(number) == [(ID_CARD, f"410102********{number[-4:]}")]
    # With a wrong checksum it is no ID, and its ID shape keeps it from being a card.
    for sequence in range(100, 999):
        bad = wrong_check(resident_id(area="410102", sequence=str(sequence)))
        if luhn_valid(bad):
            break
    assert luhn_valid(bad) and not is_resident_id(bad)
    assert kinds(bad) == []


def test_several_numbers_in_one_text_in_order():
    number = resident_id()
    card = luhn_card()
    text = f"卡号{card}；电话13912345678；身份证{number}"
    assert [d.kind for d in find_personal_numbers(text)] == [BANK_CARD, PHONE, ID_CARD]


def test_birth_dates_are_judged_against_today():
    number = resident_id(born="20250101")
    assert kinds(number) == [(ID_CARD, f"340802********{number[-4:]}")]
    assert find_personal_numbers(number, today=date(2024, 12, 31)) == []


def test_empty_and_non_string_input():
    assert find_personal_numbers("") == []
    assert find_personal_numbers(None) == []
    assert [d.kind for d in find_personal_numbers(13812345678)] == [PHONE]


@pytest.mark.parametrize(
    "written",
    [
        "110105-19491231-002X",
        "110105 19491231 002X",
        "110105 1949 1231 002X",
        "110105-1949-1231-002X",
        "110105-19491231-002x",
        "11010519491231002×",  # the check character typed as a multiplication sign
        "**11010519491231002X**",  # complete, though it looks masked (Markdown bold)
        "＊11010519491231002X＊",
    ],
)
def test_an_id_written_in_groups_or_between_mask_characters_is_caught(written):
    assert kinds(f"身份证号：{written}。") == [(ID_CARD, "110105********002X")]


@pytest.mark.parametrize(
    "innocent",
    [
        "110105-19491231-0021",  # the wrong check character
        "2023-20240101-0001",  # a case number in groups
    ],
)
def test_grouped_numbers_that_are_not_ids_pass(innocent):
    assert [kind for kind, _ in kinds(f"编号：{innocent}。") if kind == ID_CARD] == []
