"""
The 13 standard disclosure channels (公开渠道和载体) of the national catalogue template.

The order is the template's: the ■/□ channel cell, the catalogue table and the exports all list
channels in this order. Seed 003 prints 政府网站 twice by mistake; the second is 政府公报.
"""

WEBSITE = "政府网站"
OTHER = "其他"

STANDARD_CHANNELS = (
    WEBSITE,
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    OTHER,
)

# Names real catalogues write for a standard channel (standard-catalogue.md §3).
CHANNEL_ALIASES = {
    "政府服务中心": "政务服务中心",
    "行政服务中心": "政务服务中心",
    "纸质载体": "纸质媒体",
    "纸质媒介": "纸质媒体",
    "入户/现场宣传": "入户/现场",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "村公示栏（电子屏）": "社区/企事业单位/村公示栏（电子屏）",
    "发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
}
