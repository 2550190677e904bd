"""Shared helpers for the import tests: records and real template workbooks.

Workbooks are written by the real template writer (catalogue.sheet_writer) and read by
the real reader.
"""

from catalogue.sheet_writer import write_catalogue


def record(n, **overrides):
    """A valid item record, distinct per `n`."""
    rec = {
        "number": n,
        "level1": "最低生活保障",
        "level2": f"事项{n:03d}",
        "content": "办理事项、办理条件、申请材料",
        "basis": "《社会救助暂行办法》（国务院令第649号）",
        "deadline": "制定或获取信息之日起10个工作日内",
        "issuing_body": "县级人民政府民政部门",
        "channels": ["政府网站", "公开查阅点"],
        "other_channels": [],
        "audience": ["全社会"],
        "mode": ["主动公开"],
        "level": ["县级"],
    }
    rec.update(overrides)
    return rec


def records(count, start=1):
    return [record(n) for n in range(start, start + count)]


def workbook(recs, domain_name="社会救助"):
    """The .xlsx bytes of `recs` in the national template layout."""
    return write_catalogue(recs, domain_name=domain_name)


def write_file(tmp_path, recs, name="catalogue.xlsx"):
    path = tmp_path / name
    path.write_bytes(workbook(recs))
    return path
