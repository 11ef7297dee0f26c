"""Fixed vocabularies of the 公开事项标准目录 table (domain.md §1.3)."""

# The 13 standard 公开渠道和载体 of the catalog table, in the order catalogs print them.
STANDARD_CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)",
    "精准推送",
    "其他",
)

# Excel marks, as staff already use them: ■ selected / □ not selected channel; √ tick.
CHANNEL_ON = "■"
CHANNEL_OFF = "□"
TICK = "√"

# A time limit looser than the guideline's needs a recorded reason (issue #3).
LOOSER_REASON_MIN_LENGTH = 4
