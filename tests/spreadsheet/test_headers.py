"""One header finder for every reader: by words, below title rows, merged cells continued."""

from spreadsheet.headers import find_header, header_columns

WORDS = {"序号": "number", "具体要求": "requirement", "责任单位": "offices"}


def field_of(key):
    return WORDS.get(key)


def test_the_first_row_with_every_required_word_is_the_header():
    rows = [
        ["2026年重点工作台账", None, None],
        ["序 号", "具体要求", "責任單位"],  # spaces and Traditional characters do not count
        [1, "公开年报", "办公室"],
    ]
    rows_left = iter(rows)
    assert find_header(rows_left, field_of, ["number", ("requirement", "task"), "offices"]) == (
        1,
        {"number": [0], "requirement": [1], "offices": [2]},
    )
    assert next(rows_left) == [1, "公开年报", "办公室"]  # the caller reads on from there


def test_no_header_within_the_limit():
    rows = [["标题"]] * 3 + [["序号", "具体要求", "责任单位"]]
    assert find_header(rows, field_of, ["number"], limit=3) is None
    assert find_header(rows, field_of, ["number"], limit=4)[0] == 3


def test_a_merged_header_cell_continues_over_its_blank_neighbour():
    row = ["序号", "具体要求", None, "责任单位"]
    assert header_columns(row, field_of, ["requirement"], merged=True)["requirement"] == [1, 2]
    assert header_columns(row, field_of, ["requirement"])["requirement"] == [1]
