"""繁体: public pages converted phrase by phrase with OpenCC; stored data and admin untouched."""

import json
from pathlib import Path

import pytest

from catalogue.models import DisclosureItem
from display import SCRIPT_COOKIE
from display.middleware import convert, to_traditional
from tests.factories import make_item

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_item_page_in_traditional_with_lang_and_phrase_level_conversion(client):
    item = make_item(level1="最低生活保障", level2="审批结果", content="头发、后面的发展")
    client.cookies[SCRIPT_COOKIE] = "hant"
    response = client.get(item.get_absolute_url())
    page = response.content.decode()
    assert page.startswith('<!doctype html>\n<html lang="zh-Hant">')
    assert "最低生活保障" in page and "審批結果" in page
    # Phrase level: 头发 → 頭髮 and 发展 → 發展, which one character table cannot both get right.
    assert "頭髮、後面的發展" in page
    assert ">簡體<" in page  # the way back, itself in Traditional
    assert int(response["Content-Length"]) == len(response.content)
    item.refresh_from_db()
    assert item.content == "头发、后面的发展"
    assert DisclosureItem.objects.filter(level2="审批结果").exists()


def test_simplified_is_the_default(client):
    item = make_item(level2="审批结果")
    page = client.get(item.get_absolute_url()).content.decode()
    assert '<html lang="zh-CN">' in page and "审批结果" in page


def test_not_found_page_is_converted_too(client):
    client.cookies[SCRIPT_COOKIE] = "hant"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "頁面不存在" in response.content.decode()


def test_search_in_traditional_finds_simplified_data(client):
    make_item(level1="最低生活保障", level2="审批结果")
    client.cookies[SCRIPT_COOKIE] = "hant"
    page = client.get("/search/", {"q": "審批"}).content.decode()
    assert "找到 <strong>1</strong> 個公開事項" in page


def test_admin_and_downloads_are_untouched(staff_client):
    make_item(level1="最低生活保障", level2="审批结果")
    staff_client.cookies[SCRIPT_COOKIE] = "hant"
    admin_page = staff_client.get("/admin/catalogue/disclosureitem/").content.decode()
    assert "审批结果" in admin_page and "審批結果" not in admin_page
    domain = DisclosureItem.objects.get().domain
    data = staff_client.get(f"/catalogue/{domain.slug}/download.json")
    assert data.status_code == 200
    assert "审批结果" in b"".join(data).decode() if data.streaming else data.content.decode()


def test_conversion_is_memoised():
    body = '<!doctype html>\n<html lang="zh-CN"><p>养老服务</p>'.encode()
    first = to_traditional(body)
    assert first.decode().endswith("<p>養老服務</p>")
    assert to_traditional(body) is first


@pytest.mark.parametrize(
    "simplified, traditional",
    [
        ("审核信息", "審核信息"),  # s2t: 審覈
        ("这里", "這裡"),  # s2t: 這裏
        ("为了", "為了"),  # s2t: 爲了
        ("发布日期", "發布日期"),  # OpenCC: 發佈
        ("公布结果", "公布結果"),
        ("平台、台账", "平臺、臺賬"),  # 臺, the standard form of official names (臺灣)
        ("信息公开", "信息公開"),  # no vocabulary swap (s2twp: 資訊)
        # OpenCC reads 金发 (blond), 额发 (bangs), 换发 as hair: money and certificates here.
        ("城乡低保资金发放情况", "城鄉低保資金發放情況"),
        ("确保按时足额发放到位", "確保按時足額發放到位"),
        ("特困供养发放、延长发放期限", "特困供養發放、延長發放期限"),
        ("资金发生变化，足额发给", "資金發生變化，足額發給"),
        ("换发婚姻登记证", "換發婚姻登記證"),
        ("头发、理发", "頭髮、理髮"),  # hair stays hair
        # OpenCC's 并发 (concurrent) and 交并 swallow the 并 of "and".
        ("经审核、批准并发布后", "經審核、批准並發布後"),
        ("您的申请已提交并登记", "您的申請已提交並登記"),
        ("合并发布、一并审核", "合併發布、一併審核"),  # 合并 and 一并 keep 併
    ],
)
def test_traditional_uses_the_forms_readers_expect(client, simplified, traditional):
    item = make_item(level1="最低生活保障", content=simplified)
    client.cookies[SCRIPT_COOKIE] = "hant"
    assert traditional in client.get(item.get_absolute_url()).content.decode()


def test_the_portals_own_texts_convert_without_known_mistakes():
    """The fixtures and demo texts, converted as a page would be: no hair, no concurrency."""
    texts = [
        path.read_text(encoding="utf-8")
        for pattern in ("fixtures/*.json", "fixtures/*.csv", "*/demo.py", "*/letter_texts.py")
        for path in sorted(ROOT.glob(pattern))
    ]
    assert len(texts) >= 6
    converted = convert("\n".join(json.dumps(text, ensure_ascii=False) for text in texts))
    for mistake in ("髮", "乾部", "併發", "提交併", "發佈"):
        assert mistake not in converted
    assert "發放" in converted
