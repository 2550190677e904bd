"""Likely matches for rows that name no item: the cases the preview proposes, and not."""

from catalogue.near_matches import likely_same, propose
from spreadsheet.text import match_key


def key(level1, level2=""):
    return (match_key(level1), match_key(level2))


def test_a_level2_name_where_the_item_has_none():
    assert likely_same(
        key("养老服务扶持政策措施清单", "扶持政策措施清单"), key("养老服务扶持政策措施清单")
    )


def test_the_tail_of_the_name_alone():
    assert likely_same(key("扶持政策措施清单"), key("养老服务扶持政策措施清单"))


def test_a_bracketed_insertion():
    assert likely_same(
        key("特困人员救助供养", "特困人员（供养对象）名单及相关信息"),
        key("特困人员救助供养", "特困人员名单及相关信息"),
    )


def test_different_items_of_one_level1_and_short_tails_are_not_proposed():
    assert not likely_same(key("最低生活保障", "办事指南"), key("最低生活保障", "审批结果"))
    assert not likely_same(key("临时救助", "指南"), key("最低生活保障", "办事指南"))


def test_each_item_is_proposed_once_in_file_order():
    rows = [(5, key("扶持政策措施清单")), (6, key("政策措施清单"))]
    assert propose(rows, [(key("养老服务扶持政策措施清单"), "item")]) == {5: "item"}
