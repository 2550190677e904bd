"""
Traditional characters (繁体) for public pages, converted from the rendered HTML with OpenCC.

OpenCC converts phrase by phrase (头发 → 頭髮, not 頭發), so stored data and templates stay in
Simplified and only the response changes. The configuration is "s2tw": the Traditional characters
readers use (审核 → 審核, 这里 → 這裡, 为 → 為, 台 → 臺 as in 臺灣 and 平臺), not OpenCC's own
reference forms of "s2t" (審覈, 這裏, 爲), and without "s2twp"'s vocabulary swaps, which would
rename the portal's terms (信息 → 資訊, 审核 → 稽核). PHRASE_OVERRIDES puts back 布 where s2tw
writes 佈 in the words of publishing (發布, 公布), 發 where it writes 髮 (hair) in 資金發放, and 並
where it writes 併 in 批准並發布. The converter loads its dictionaries once per process;
converted bodies are kept in a small LRU keyed by a digest of the Simplified body, so a popular
page is converted once per process even without the page cache.
"""

import hashlib
import re
import threading
from collections import OrderedDict

from display.modes import wants_traditional

SKIPPED_PREFIXES = ("/admin/", "/static/")
MEMO_SIZE = 128
OPENCC_CONFIG = "s2tw"
# Applied to OpenCC's output, in one pass.
PHRASE_OVERRIDES = {
    # 布, not 佈, in the words of publishing.
    "發佈": "發布",
    "公佈": "公布",
    "宣佈": "宣布",
    "頒佈": "頒布",
    "分佈": "分布",
    # OpenCC reads 发 after 金, 额, 换 as hair (金髮 blond, 額髮 bangs, 換髮), and after 养, 总,
    # 长 … before 放 too: 资金发放 became 資金髮放. Here they are money, sums and reissued
    # certificates, and 髮放 is no word.
    "髮放": "發放",
    "金髮": "金發",
    "額髮": "額發",
    "換髮": "換發",
    # OpenCC's 并发 (concurrent) and 交并 take the 并 of "and": 批准並發布, 提交並登記.
    "併發布": "並發布",
    "提交併": "提交並",
}
_OVERRIDE = re.compile("|".join(map(re.escape, PHRASE_OVERRIDES)))
LANG_ATTRIBUTE = re.compile(rb'<html lang="[^"]*"')

_converter = None
_memo = OrderedDict()
_lock = threading.Lock()


def _opencc():
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC(OPENCC_CONFIG)
    return _converter


def convert(text):
    """Simplified `text` in the Traditional characters readers expect."""
    return _OVERRIDE.sub(lambda match: PHRASE_OVERRIDES[match.group()], _opencc().convert(text))


def to_traditional(body: bytes) -> bytes:
    """The HTML body in Traditional characters, with `<html lang="zh-Hant">`; memoised."""
    key = hashlib.blake2b(body, digest_size=16).digest()
    with _lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    converted = convert(body.decode("utf-8")).encode("utf-8")
    converted = LANG_ATTRIBUTE.sub(b'<html lang="zh-Hant"', converted, count=1)
    with _lock:
        _memo[key] = converted
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return converted


class TraditionalScriptMiddleware:
    """Convert public HTML responses to Traditional when the script cookie asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(SKIPPED_PREFIXES) or not _is_html(response):
            return response
        if wants_traditional(request) and response.content:
            response.content = to_traditional(response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            if response.has_header("ETag"):
                etag = response["ETag"]
                response["ETag"] = etag[:-1] + '-hant"' if etag.endswith('"') else etag
        return response


def _is_html(response):
    return not response.streaming and response.get("Content-Type", "").startswith("text/html")
