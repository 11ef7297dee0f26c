import textwrap
from pathlib import Path

import pytest

from gongkai.catalog.guidelines import load_guidelines

SOCIAL = textwrap.dedent(
    """
    [domain]
    code = "shehui-jiuzhu"
    name = "社会救助"
    issuer = "民政部办公厅"
    document = "民办函〔2019〕52号"
    document_verified = true
    version = "{version}"
    changes = "{changes}"
    sort = 5

    [[sources]]
    key = "S1"
    url = "https://example.gov.cn/a"
    title = "某区社会救助领域基层政务公开标准目录"

    [[items]]
    key = "shehui-jiuzhu-001"
    level1 = "综合业务"
    level2 = "政策法规文件"
    content = "《社会救助暂行办法》;各地配套政策法规文件"
    basis = "《中华人民共和国政府信息公开条例》及相关规定"
    time_limit = "{limit1}"
    subject = "县级人民政府民政部门、乡镇人民政府(街道办事处)"
    channels = ["政府网站", "公开查阅点"]
    audience_all = true
    proactive = true
    county_level = true
    township_level = true
    sources = ["S1"]
    unknown = []

    [[items]]
    key = "shehui-jiuzhu-005"
    level1 = "最低生活保障"
    level2 = "审核信息"
    content = "初审对象名单及相关信息"
    basis = ""
    time_limit = "制定或获取信息之日起10个工作日内,公示7个工作日"
    subject = "乡镇人民政府"
    channels = ["社区/企事业单位/村公示栏(电子屏)"]
    audience_specific = true
    proactive = true
    township_level = true
    sources = ["S1"]
    unknown = ["basis"]
    {extra}
    """
)

EXTRA_ROW = """
    [[items]]
    key = "shehui-jiuzhu-011"
    level1 = "临时救助"
    level2 = "政策法规文件"
    content = "《国务院关于全面建立临时救助制度的通知》"
    basis = "信息公开规定"
    time_limit = "按照有关规定执行"
    subject = "县级人民政府民政部门"
    channels = ["政府网站"]
    audience_all = true
    proactive = true
    county_level = true
    township_level = true
    sources = ["S1"]
    unknown = []
"""


def write_social(
    directory: Path,
    *,
    version="2019.1",
    changes="首次收录",
    limit1="制定或获取信息之日起10个工作日内",
    extra="",
):
    directory.mkdir(parents=True, exist_ok=True)
    text = SOCIAL.format(version=version, changes=changes, limit1=limit1, extra=textwrap.dedent(extra))
    (directory / "shehui-jiuzhu.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def guideline_dir(tmp_path):
    write_social(tmp_path / "g")
    return tmp_path / "g"


@pytest.fixture
def guidelines(db, guideline_dir):
    return load_guidelines(directory=guideline_dir)
