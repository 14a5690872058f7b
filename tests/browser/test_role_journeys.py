"""The year as each role lives it, in a real browser at desktop (1366 px) and phone (390 px)
width: open the round → a draft with a validation error → submit → return → fix → approve
→ publish → a council opinion → the city's response → the public pages.

Each journey checks, at every step, that nothing typed was lost, and on every page it
visits runs axe-core, looks for horizontal page overflow at 390 px and for error pages;
what it finds is collected and reported at the end, so one run shows every problem.
One server per width; each role signs in through the form once per test, in a browser
context of its own. ``SHINCHOKU_SHOTS=/some/folder`` also saves a full-page screenshot of
every page visited, named by width, journey, step and role, to look at.
"""

from __future__ import annotations

import datetime
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from .conftest import PASSWORD, add_users, serving, site_env
from .test_accessibility import AXE, run_axe

pytestmark = pytest.mark.browser
WIDTHS = (1366, 390)
USERS = {
    "department": ("department", "sangyo-shinko"),  # leads projects 1–6, owns the indicators
    "partner": ("partner", "tokorozawa-cci"),  # 所沢商工会議所: a partner of project 2
    "secretariat": ("secretariat", None),
    "council": ("council", None),
}
SHOTS = os.environ.get("SHINCHOKU_SHOTS")  # a folder: a screenshot of every page visited
DUE = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()


def fy(year: int) -> str:
    """令和6年度 for 2024, as the pages name a fiscal year."""
    return f"令和{year - 2018}年度"


@dataclass
class Site:
    url: str
    width: int


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def site(request, tmp_path_factory) -> Iterator[Site]:
    """A fresh server per width (pytest runs every journey at one width, then the other)."""
    home = tmp_path_factory.mktemp(f"journeys{request.param}")
    env = site_env(home)
    add_users(home, env, USERS)
    with serving(home, env) as url:
        yield Site(url, request.param)


@dataclass
class Tour:
    """The browser side of one journey: a signed-in page per role, checks after each step."""

    browser: object
    site: Site
    name: str = ""
    pages: dict = field(default_factory=dict)
    found: list[str] = field(default_factory=list)
    seen: int = 0
    spent: float = 0.0

    def new_page(self, who: str):
        context = self.browser.new_context(
            locale="ja-JP", viewport={"width": self.site.width, "height": 900}
        )
        context.add_init_script(path=AXE)  # in every page from the start, outside its CSP
        page = context.new_page()
        page.set_default_timeout(30_000)  # Playwright's default: scripts/test runs 4 workers
        page.who = who
        page.on("pageerror", lambda e: self.found.append(f"{who}: script error {e}"))
        page.on("response", lambda r: self._status(who, r))
        return page

    def _status(self, who: str, response) -> None:
        if response.request.resource_type == "document" and response.status >= 403:
            self.found.append(f"{who}: HTTP {response.status} {response.url}")

    def visitor(self, who: str):
        """A page of its own for someone not signed in (a citizen, a business)."""
        self.pages[who] = self.new_page(who)
        return self.pages[who]

    def as_(self, who: str):
        """The page of ``who``, signed in through the login form the first time."""
        if who not in self.pages:
            page = self.new_page(who)
            page.goto(self.site.url + "/login/")
            page.get_by_label("ユーザー名").fill(who)
            page.get_by_label("パスワード").fill(PASSWORD)
            self.act(page, page.get_by_role("button", name="ログイン"))
            assert "/login/" not in page.url, f"{who} could not sign in"
            self.pages[who] = page
        return self.pages[who]

    def visit(self, page, path: str) -> None:
        page.goto(self.site.url + path)
        self.check(page)

    def act(self, page, locator) -> None:
        """Click something that loads a page (a submit button, a link), then check it."""
        with page.expect_navigation():
            locator.click()
        self.check(page)

    def check(self, page) -> None:
        """axe-core (serious and critical), and at phone width no sideways page scroll."""
        page.wait_for_load_state("load")
        self.seen += 1
        started = time.monotonic()
        where = f"{page.who} {page.url.removeprefix(self.site.url)}"
        self.found += [f"{where}: {v}" for v in run_axe(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > self.site.width:
            self.found.append(f"{where}: the page is {width} px wide")
        if self.site.width < 640:  # a table stacked on a phone (table.tasks) never scrolls sideways
            for wide in page.evaluate(STACKED_OVERFLOW):
                self.found.append(f"{where}: stacked table {wide} scrolls sideways at phone width")
        if SHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", page.url.removeprefix(self.site.url)).strip("-")
            shot = f"{SHOTS}/{self.site.width}-{self.name}-{self.seen:02d}-{page.who}-{name}.png"
            page.screenshot(path=shot, full_page=True)
        self.spent += time.monotonic() - started

    def finish(self) -> None:
        print(f"{self.name}: {self.seen} pages, {self.spent:.1f} s in checks")
        assert self.seen > 0
        assert self.found == [], "\n".join(dict.fromkeys(self.found))


@pytest.fixture
def tour(request, browser, site) -> Iterator[Tour]:
    tour = Tour(browser, site, request.node.originalname.removeprefix("test_"))
    yield tour
    for page in tour.pages.values():
        page.context.close()


def box(page, label: str):
    """The field labelled ``label`` (a required field's label ends with 「必須」)."""
    return page.get_by_label(re.compile("^" + re.escape(label) + "( 必須)?$"))


def values(page, fields: dict[str, str]) -> dict[str, str]:
    """What the form shows now for each of ``fields`` (label → typed value)."""
    return {label: box(page, label).input_value() for label in fields}


def fill(page, fields: dict[str, str]) -> None:
    for label, value in fields.items():
        box_ = box(page, label)
        if box_.evaluate("e => e.tagName") == "SELECT":
            box_.select_option(value)
        else:
            box_.fill(value)


def above(first, second) -> bool:
    """Whether ``first`` comes before ``second`` in the page."""
    later = second.element_handle()
    return bool(first.evaluate("(a, b) => a.compareDocumentPosition(b) & 4", later))


# The stacked tables (site.css table.tasks) whose box is wider inside than on screen: their
# column names would be clipped until scrolled. Each named by its caption or first header.
STACKED_OVERFLOW = """() => [...document.querySelectorAll('table.tasks')]
    .filter((t) => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
    .map((t) => (t.caption || t.querySelector('th') || t).textContent.trim().slice(0, 40))"""


def on_screen(locator, width: int) -> bool:
    """Whether ``locator`` is visible and lies within the viewport's width."""
    box_ = locator.bounding_box()
    return box_ is not None and box_["x"] >= 0 and box_["x"] + box_["width"] <= width


def main_text(page) -> str:
    return page.get_by_role("main").text_content()


def open_round(tour: Tour, year: int) -> None:
    s = tour.as_("secretariat")
    tour.visit(s, "/workspace/cycle/")
    s.get_by_role("spinbutton", name="年度").fill(str(year))
    s.get_by_label("提出期限").fill(DUE)
    tour.act(s, s.get_by_role("button", name="回を開いて依頼する"))
    assert "回を開き、各担当に依頼しました" in main_text(s)


def open_item(tour: Tour, who: str, year: int, label: str):
    """``who`` opens the item from their round list (their own items only, for an owner)."""
    page = tour.as_(who)
    tour.visit(page, f"/workspace/cycle/?year={year}")
    tour.act(page, page.get_by_role("link", name=label, exact=True))
    return page


def publish_through(tour: Tour, year: int) -> None:
    """The secretariat publishes every year up to ``year``, in order, through the gate."""
    s = tour.as_("secretariat")
    for y in range(2023, year + 1):
        tour.visit(s, f"/workspace/publish/?year={y}")
        button = s.get_by_role("button", name=f"{fy(y)}の結果を公表する")
        if button.count() == 0:
            continue  # published already
        form = s.locator("form").filter(has=button)
        form.get_by_role("checkbox").check()  # the confirmation phrase naming the year
        tour.act(s, button)
        assert f"{fy(y)}の結果を公表しました" in main_text(s)


def opine_and_respond(tour: Tour, year: int, item: str, opinion: str, response: str) -> None:
    """A council member opines on ``item``; the secretariat answers with a follow-up."""
    c = tour.as_("council")
    tour.visit(c, f"/workspace/council/?year={year}")
    c.get_by_label("対象").select_option(item)
    c.get_by_label("内容").fill(opinion)
    tour.act(c, c.get_by_role("button", name="意見を登録する"))
    assert opinion in main_text(c)

    s = tour.as_("secretariat")
    tour.visit(s, f"/workspace/council/?year={year}")
    card = s.locator("article").filter(has_text=opinion)
    card.get_by_label("対応方針").fill(response)
    card.get_by_label("対応状況").select_option("later")
    tour.act(s, card.get_by_role("button", name="対応方針を保存する"))
    assert response in s.locator("article").filter(has_text=opinion).text_content()

    tour.visit(c, f"/workspace/council/?year={year}")  # the member reads the answer
    assert response in c.locator("article").filter(has_text=opinion).text_content()


def test_department_officer(tour):
    """An indicator's new value, from the round request to the public indicator page."""
    year = 2024
    open_round(tour, year)
    d = tour.as_("department")
    tour.visit(d, "/workspace/")
    tasks = d.get_by_role("table").filter(has_text="評価指標 総生産額")
    assert "未着手" in tasks.text_content()
    tour.act(d, d.get_by_role("link", name="評価指標 総生産額"))
    typed = {
        "年度・年": "令和5年度",
        "値": "約9300",  # not a number: refused at submission, nothing lost
        "出典": "令和5年度埼玉県市町村民経済計算",
        "公表日": "2026-03-27",
        "備考": "速報値。確報は翌年度に差し替える",
    }
    fill(d, typed)
    d.wait_for_selector(".autosave-status:has-text('下書きを自動保存しました')")
    tour.act(d, d.get_by_role("button", name="提出する"))
    summary = d.get_by_role("alert").filter(has_text="提出できませんでした")
    assert "値" in summary.get_by_role("link").text_content()  # the problem, at its field
    assert values(d, typed) == typed
    d.reload()  # the server kept the draft
    tour.check(d)
    assert values(d, typed) == typed
    typed["値"] = "9,300"
    fill(d, {"値": "9,300"})
    tour.act(d, d.get_by_role("button", name="提出する"))
    assert "提出済" in main_text(d)

    s = open_item(tour, "secretariat", year, "評価指標 総生産額")
    assert "9,300" in main_text(s)  # the submitted value is in view
    tour.act(s, s.get_by_role("button", name="差し戻す"))  # no reason: refused
    assert "差戻しの理由を書いてください" in main_text(s)
    s.get_by_label("差戻しの理由").fill("出典の公表日を確報の日付にしてください")
    tour.act(s, s.get_by_role("button", name="差し戻す"))
    assert "差戻し（作成中）" in main_text(s)

    tour.visit(d, "/workspace/")
    first = d.get_by_role("table").filter(has_text="評価指標 総生産額").locator("tbody tr").first
    assert "評価指標 総生産額" in first.text_content()  # returned items first
    tour.act(d, first.get_by_role("link"))
    notice = d.locator(".returned-notice")
    assert "出典の公表日を確報の日付にしてください" in notice.text_content()
    assert above(notice, d.get_by_label("年度・年"))  # the reason comes first
    assert values(d, typed) == typed  # what was submitted is still there to fix
    fill(d, {"公表日": "2026-06-30"})
    tour.act(d, d.get_by_role("button", name="提出する"))
    assert "提出済" in main_text(d)

    s = open_item(tour, "secretariat", year, "評価指標 総生産額")
    tour.act(s, s.get_by_role("button", name="承認する"))
    assert s.get_by_role("main").locator(".state").first.text_content() == "承認"
    publish_through(tour, year)
    opine_and_respond(
        tour,
        year,
        "indicator:gross-product",
        "総生産額の伸びを業種別にも示してほしい",
        "次年度の報告に業種別の内訳を加える",
    )

    public = tour.visitor("citizen")
    tour.visit(public, "/indicators/gross-product/")
    text = main_text(public)
    assert "9,300" in text
    assert "総生産額の伸びを業種別にも示してほしい" in text
    assert "次年度の報告に業種別の内訳を加える" in text
    tour.finish()


def test_partner_organisation(tour):
    """A partner fills a project's sheet and its output indicators, from draft to publication."""
    year = 2025
    label = "重点推進事業2 新規創業等支援事業"
    open_round(tour, year)
    s = open_item(tour, "secretariat", year, label)
    s.get_by_label("活動指標名").fill("創業相談件数")
    s.get_by_label("単位").fill("件")
    tour.act(s, s.get_by_role("button", name="活動指標を追加する"))

    p = tour.as_("partner")
    tour.visit(p, "/workspace/")
    tour.act(p, p.get_by_role("link", name=label))
    purpose = box(p, "目的（対象・意図）").input_value()
    assert purpose  # pre-filled from the plan
    typed = {
        "目的（対象・意図）": purpose,
        "取組内容": "創業塾を年4回開き、個別相談に応じた",
        "成果": "創業塾の修了者のうち12人が創業した",
        "予算額（千円）": "3,200",
        "決算額（千円）": "2,950",
        "自己評価": "C",  # without a reason: refused
        "課題": "相談から創業までの期間が長い",
        "今後の方向性": "improve",
        "今後の方向性の理由": "金融機関と連携し資金面の相談を加える",
        "創業相談件数 目標": "120",
        "創業相談件数 実績": "九十六",  # not a number: refused too
    }
    fill(p, typed)
    tour.act(p, p.get_by_role("button", name="提出する"))
    summary = p.get_by_role("alert").filter(has_text="提出できませんでした")
    assert "C・D の評価には理由が必要です" in summary.text_content()
    assert summary.get_by_role("link").count() == 2  # every problem at once
    assert values(p, typed) == typed
    p.reload()
    tour.check(p)
    assert values(p, typed) == typed  # the server-side draft is back
    fixed = {"評価の理由（C・D は必須）": "相談は増えたが創業に至る人が目標を下回った"}
    fixed["創業相談件数 実績"] = "96"
    fill(p, fixed)
    typed |= fixed
    tour.act(p, p.get_by_role("button", name="提出する"))
    assert "提出済" in main_text(p)

    s = open_item(tour, "secretariat", year, label)
    assert "創業塾を年4回開き、個別相談に応じた" in main_text(s)
    s.get_by_label("差戻しの理由").fill("決算額の内訳（委託料）を成果に書き加えてください")
    tour.act(s, s.get_by_role("button", name="差し戻す"))

    tour.visit(p, "/workspace/")
    tour.act(p, p.get_by_role("link", name=label))
    reason = p.locator(".returned-notice").text_content()
    assert "決算額の内訳（委託料）を成果に書き加えてください" in reason
    assert values(p, typed) == typed
    more = {"成果": typed["成果"] + "。委託料 2,100千円"}
    fill(p, more)
    typed |= more
    # Leaving the page at once, before the autosave's pause, still keeps what was typed.
    tour.act(p, p.get_by_role("navigation", name="パンくずリスト").get_by_role("link"))
    tour.act(p, p.get_by_role("link", name=label))
    assert values(p, typed) == typed
    tour.act(p, p.get_by_role("button", name="提出する"))
    assert "提出済" in main_text(p)

    s = open_item(tour, "secretariat", year, label)
    tour.act(s, s.get_by_role("button", name="承認する"))
    publish_through(tour, year)
    opine_and_respond(
        tour, year, "project:2", "創業後の定着率も追ってほしい", "創業3年後の継続率を調べる"
    )

    public = tour.visitor("citizen")
    tour.visit(public, "/projects/2/")
    text = main_text(public)
    assert "委託料 2,100千円" in text and "創業塾を年4回開き、個別相談に応じた" in text
    outputs = public.get_by_role("row").filter(has_text="創業相談件数").first
    for figure in ("120", "96", "80.0%"):  # each figure in view, not scrolled off the side
        assert on_screen(outputs.get_by_role("cell", name=figure), tour.site.width), figure
    assert "創業後の定着率も追ってほしい" in text and "創業3年後の継続率を調べる" in text
    tour.finish()


# Wider than a phone's users table unless the stacked cell wraps it (site.css table.tasks).
LONG_EMAIL = "tanaka.taro.nogyoshinkoka@city.tokorozawa.example.jp"


def test_secretariat(tour):
    """The secretariat's own pages: the round's progress, reminders, users, the audit log."""
    year = 2026
    open_round(tour, year)
    s = tour.as_("secretariat")
    tour.visit(s, f"/workspace/?year={year}")
    progress = s.get_by_role("table").filter(has_text="農業振興課").first.text_content()
    assert "産業振興課" in progress and "未着手" in progress
    tour.act(s, s.get_by_role("link", name="督促を送る（送る前に宛先を確認）"))
    assert "宛先" in main_text(s)

    tour.visit(s, "/workspace/users/")
    typed = {
        "ユーザー名": "nogyo-tanaka",
        "役割": "department",
        "メールアドレス（督促とパスワード再設定の宛先）": LONG_EMAIL,
    }
    fill(s, typed)  # a department without its organisation: refused, nothing lost
    password = "Sayama-Kabuse-7731"
    passwords = {"新しいパスワード": password, "新しいパスワード（確認）": password}
    fill(s, passwords)
    tour.act(s, s.get_by_role("button", name="追加する"))
    assert values(s, typed) == typed
    box(s, "組織（庁内関係部署・連携機関は必須）").select_option(label="農業振興課")
    fill(s, passwords)  # a password field is never sent back: typed again
    tour.act(s, s.get_by_role("button", name="追加する"))
    users = s.get_by_role("table").filter(has_text="nogyo-tanaka").text_content()
    assert "農業振興課" in users and LONG_EMAIL in users

    tour.visit(s, "/workspace/audit/")
    assert "nogyo-tanaka" in main_text(s)
    for path in (
        f"/workspace/reviews/?year={year}",
        f"/workspace/publish/?year={year}",
        "/workspace/import/",
        "/workspace/registries/",
        "/workspace/plan/",
        "/account/password/",
    ):
        tour.visit(s, path)
    tour.finish()


def test_council_member(tour):
    """A council member reads the workspace, opines (an error loses nothing) and reads the
    city's response, in the workspace and, once the year is published, on the public page."""
    year = 2023
    c = tour.as_("council")
    tour.visit(c, "/workspace/")
    menu = c.get_by_role("navigation").get_by_role("link")
    paths = {
        href
        for href in menu.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        if href.startswith(("/workspace/", "/account/"))
    }
    for path in sorted(paths):  # no menu link leads to a page the member may not open
        tour.visit(c, path)
    tour.visit(c, f"/workspace/council/?year={year}")
    typed = {"対象": "project:10", "種別": "proposal"}
    fill(c, typed)
    c.get_by_role("button", name="意見を登録する").click()  # without text: the browser asks
    assert c.get_by_label("内容").evaluate("(t) => t.matches(':invalid')")
    assert values(c, typed) == typed
    text = "認定品を市のふるさと納税の返礼品にも広げてはどうか"
    fill(c, {"内容": text})
    tour.act(c, c.get_by_role("button", name="意見を登録する"))
    assert text in main_text(c)

    s = tour.as_("secretariat")
    tour.visit(s, f"/workspace/council/?year={year}")
    card = s.locator("article").filter(has_text=text)
    card.get_by_label("対応方針").fill("返礼品への登録を事業者に案内する")
    card.get_by_label("対応状況").select_option("later")
    tour.act(s, card.get_by_role("button", name="対応方針を保存する"))
    tour.visit(c, f"/workspace/council/?year={year}")
    assert "返礼品への登録を事業者に案内する" in main_text(c)
    publish_through(tour, year)

    public = tour.visitor("citizen")
    tour.visit(public, "/projects/10/")
    assert text in main_text(public)
    assert "返礼品への登録を事業者に案内する" in main_text(public)
    tour.finish()


def test_business_applicant(tour):
    """A business signs up, applies for a brand product (an error loses nothing), follows
    its state, and finds it in the public catalogue once certified."""
    b = tour.visitor("business")  # signs up below
    tour.visit(b, "/brand/")
    tour.act(b, b.get_by_role("link", name="申請する・申請を確かめる"))
    tour.act(b, b.get_by_role("main").get_by_role("link", name="アカウントを作成する"))
    fill(b, {"ユーザー名": f"sayama-tea-{tour.site.width}", "メールアドレス": "tea@example.jp"})
    fill(b, {"パスワード": "Kabusecha-2026-x", "パスワード(確認用)": "Kabusecha-2026-x"})
    tour.act(b, b.get_by_role("button", name="アカウントを作成する"))
    name = f"所沢産かぶせ茶 {tour.site.width}"
    tour.act(b, b.get_by_role("link", name="特産品の認定を申請する"))
    typed = {
        "商品名": name,
        "製造・販売事業者": "所沢茶園",
        "分類": "drinks",
        "連絡先": "04-2900-0000",
    }
    fill(b, typed)  # without 所沢らしさ: refused, nothing lost
    tour.act(b, b.get_by_role("button", name="申請する"))
    assert values(b, typed) == typed
    fill(b, {"所沢らしさ（地域資源・文化・伝統との関わり）": "市内の茶園で摘んだ狭山茶"})
    tour.act(b, b.get_by_role("button", name="申請する"))
    tour.visit(b, "/applications/")
    assert "申請" in b.get_by_role("listitem").filter(has_text=name).text_content()

    s = tour.as_("secretariat")
    tour.visit(s, "/workspace/")
    tour.act(s, s.get_by_role("link", name=name))
    tour.act(s, s.get_by_role("button", name="審査を始める"))
    tour.act(s, s.get_by_role("button", name="認定・登録する"))

    tour.visit(b, "/applications/")
    assert "認定" in b.get_by_role("listitem").filter(has_text=name).text_content()
    tour.visit(b, "/brand/")
    assert name in main_text(b)
    tour.finish()
