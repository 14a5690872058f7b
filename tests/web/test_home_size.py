"""The home page shows a few indicators per basic policy and links the rest: its size does
not grow with the plan (13,000 indicators made a 19 MB page)."""

from __future__ import annotations

from shinchoku.observations.pages import HOME_PER_POLICY
from shinchoku.plan.builtin import plan_text

HEADER = "policy,code,name,unit,source,period_kind,direction,baseline_year,baseline_value,kind\n"


def test_a_large_policy_shows_its_first_indicators_and_links_all(plan, users, tmp_path, client):
    from shinchoku.ingest.plan_file import plan_file_text
    from shinchoku.plan.revisions import revise

    rows = "".join(
        f"1,extra-{n:02d},追加指標{n:02d},件,調査,fiscal,increase,2022,{n + 1},monitoring\n"
        for n in range(9)
    )
    (tmp_path / "extra.csv").write_text(HEADER + rows, encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text() + "\nseries: extra.csv\n", encoding="utf-8")
    revise(plan, plan_file_text(path), 2018, "指標の追加", actor=users["secretariat"])
    html = client.get("/").content.decode()
    assert HOME_PER_POLICY == 6
    # Policy 1: gross-product, then the first five added ones; the other four are linked.
    assert "追加指標04" in html and "追加指標05" not in html and "追加指標08" not in html
    assert "この基本方針の評価指標すべて（10件）" in html
    assert html.count("この基本方針の評価指標すべて") == 1  # the other policies fit
    policy = client.get("/policies/1/").content.decode()
    assert "追加指標08" in policy
    english = client.get("/en/").content.decode()
    assert "All 10 indicators of this basic policy" in english
