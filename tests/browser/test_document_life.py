"""The whole life of a document (issue #4 acceptance), in a real browser: an editor
uploads a Word file, the content check flags a resident ID number, the editor masks it;
a reviewer records the 保密审查 conclusion, the organization admin approves and it
publishes; the catalog obligation it satisfies turns "按时公开"; the public page shows
the metadata table; search finds it by a two-character word; the RSS feed has it; a
correction publishes revision 2 and the public history shows both. axe-core on every
public page touched."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from gongkai.catalog import obligations
from gongkai.catalog.models import (
    Catalog,
    CatalogItem,
    CatalogVersion,
    Domain,
    EventKind,
    ObligationState,
    VersionStatus,
)
from gongkai.core.calendar import seed_calendar
from gongkai.core.rules import parse_time_limit
from gongkai.orgs.models import Role
from gongkai.publishing.models import Document
from tests.browser.helpers import axe_check
from tests.browser.test_publishing_console import ID_MASKED, ID_NUMBER, log_in, word_file
from tests.factories import make_tree, make_user

pytestmark = pytest.mark.browser
TITLE = "东关镇2026年冬季临时救助对象公示"


@pytest.fixture
def township(transactional_db):
    tree = make_tree()
    today = timezone.localdate()
    seed_calendar(years=range(today.year - 1, today.year + 2))
    editor = make_user(tree.town_a, [Role.EDITOR], username="dg_editor")
    reviewer = make_user(tree.town_a, [Role.REVIEWER], username="dg_reviewer")
    admin = make_user(tree.town_a, [Role.ORG_ADMIN], username="dg_admin")
    # 东关镇's current catalog holds the 临时救助 item; the information was formed
    # yesterday, so the 10-working-day obligation is open and not yet due.
    domain, _ = Domain.objects.get_or_create(code="shehui-jiuzhu", defaults={"name": "社会救助"})
    catalog = Catalog.objects.create(organization=tree.town_a)
    version = CatalogVersion.objects.create(
        catalog=catalog,
        number=1,
        status=VersionStatus.CURRENT,
        published_at=timezone.now() - datetime.timedelta(days=60),
    )
    catalog.current_version = version
    catalog.save()
    limit = "制定或获取信息之日起10个工作日内"
    CatalogItem.objects.create(
        version=version, key="shehui-jiuzhu-013", domain=domain, level1="临时救助", level2="审核审批信息",
        time_limit_text=limit, rule=parse_time_limit(limit).rule.to_dict(), proactive=True, township_level=True,
    )  # fmt: skip
    recorded = obligations.obligation_event_record(
        actor=editor,
        organization=tree.town_a,
        item_key="shehui-jiuzhu-013",
        kind=EventKind.FORMED,
        event_date=today - datetime.timedelta(days=1),
        reference=TITLE,
    )
    return tree, editor, reviewer, admin, recorded.obligation


def review_approve_publish(rpage, apage, title):
    # Each reviewer/admin logs in once: a TOTP code cannot be used twice (django-otp
    # refuses a replayed code), so the pages are kept for the second round.
    rpage.goto("/console/publishing/review/")
    rpage.get_by_role("link", name=title).first.click()
    rpage.get_by_role("link", name="保密审查").click()
    rpage.get_by_label("部分公开(已处理)").check()
    rpage.get_by_label("审查意见").fill("个人信息已遮盖,可以公开。")
    rpage.get_by_role("button", name="提交审查结论").click()
    assert "已记录保密审查结论" in rpage.get_by_role("status").inner_text()
    apage.goto("/console/publishing/approval/")
    apage.get_by_role("link", name=title).first.click()
    apage.get_by_role("link", name="审批").click()
    apage.get_by_label("同意发布").check()
    apage.get_by_role("button", name="提交审批决定").click()
    apage.wait_for_url(re.compile(r".*/publish/$"))
    apage.get_by_label("立即发布").check()
    apage.get_by_role("button", name="确认").click()
    apage.wait_for_url(re.compile(r".*/console/publishing/documents/\d+/$"))
    assert "已发布" in apage.get_by_role("status").inner_text()


def test_a_document_from_word_to_revision_two(new_page, township):
    _tree, editor, reviewer, admin, obligation = township
    assert obligation.state in (ObligationState.PENDING, ObligationState.DUE_SOON)

    # The editor uploads the Word file; the check flags the ID number; mask it, tag the
    # catalog item, submit.
    page = new_page()
    log_in(page, editor)
    page.goto("/console/publishing/import/word/")
    page.get_by_label("Word 文件(.docx)").set_input_files(
        files=[{"name": "临时救助公示.docx", "mimeType": "application/octet-stream", "buffer": word_file()}]
    )
    page.get_by_role("button", name="上传并创建草稿").click()
    page.wait_for_url(re.compile(r".*/console/publishing/revisions/\d+/edit/$"))
    assert ID_MASKED in page.locator(".findings").inner_text()
    page.get_by_label("信息形成(变更)日期").fill(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_label("主题分类").select_option("民政、扶贫、救灾")
    page.get_by_label("体裁").select_option("公告")
    page.locator("details.catalog-domain summary", has_text="社会救助").click()
    page.get_by_label("临时救助 / 审核审批信息").check()
    page.get_by_role("button", name="保存并检查").click()
    page.wait_for_url(re.compile(r".*/edit/#check$"))
    page.locator(".findings li").first.get_by_role("button", name=re.compile("^遮盖")).click()
    assert "已遮盖居民身份证号码 1 处" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="提交审查").first.click()
    page.get_by_role("button", name="提交审查").click()
    page.wait_for_url(re.compile(r".*/console/publishing/revisions/\d+/$"))

    rpage, apage = new_page(), new_page()
    log_in(rpage, reviewer)
    log_in(apage, admin)
    review_approve_publish(rpage, apage, TITLE)
    document = Document.objects.get()

    # The obligation it satisfies is met on time, and the console says so.
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.MET_ON_TIME
    page.goto(f"/console/catalog/obligations/{obligation.pk}/")
    assert "按时公开" in page.locator("main").inner_text()

    # The public page: the metadata table, the masked body, accessible.
    public = new_page()
    public.goto(f"/xxgk/doc/{document.pk}/")
    meta = public.locator("main").inner_text()
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "主题分类"):
        assert label in meta
    assert document.index_number in meta and TITLE in meta
    assert ID_MASKED in meta and ID_NUMBER not in public.content()
    axe_check(public)

    # Search finds it by a two-character word; the feed has it.
    public.goto("/search/?q=救助")
    assert public.get_by_role("link", name=re.compile(TITLE)).count() >= 1
    assert ID_NUMBER not in public.content()
    axe_check(public)
    rss = public.request.get("/xxgk/rss/")
    assert rss.ok and TITLE in rss.text() and ID_NUMBER not in rss.text()

    # A correction: revision 2, reviewed and published again; the history shows both.
    page.goto(f"/console/publishing/documents/{document.pk}/")
    page.get_by_role("link", name="修订(更正)").click()
    page.get_by_label("修订说明").fill("更正公示期限")
    page.get_by_role("button", name="创建新版本草稿").click()
    page.wait_for_url(re.compile(r".*/edit/$"))
    body = page.get_by_label("正文(HTML)")
    body.fill(body.input_value().replace("公示期7个工作日", "公示期10个工作日"))
    page.get_by_role("button", name="保存并检查").click()
    page.wait_for_url(re.compile(r".*/edit/#check$"))
    page.get_by_role("link", name="提交审查").first.click()
    page.get_by_role("button", name="提交审查").click()
    page.wait_for_url(re.compile(r".*/console/publishing/revisions/\d+/$"))
    review_approve_publish(rpage, apage, TITLE)

    public.goto(f"/xxgk/doc/{document.pk}/")
    text = public.locator("main").inner_text()
    assert "公示期10个工作日" in text and "更正公示期限" in text
    assert "第1版" in text and "第2版" in text
    axe_check(public)
    public.goto(f"/xxgk/doc/{document.pk}/r/1/")
    assert "公示期7个工作日" in public.locator("main").inner_text()
    axe_check(public)
