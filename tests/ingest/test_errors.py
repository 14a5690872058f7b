"""A refused input says how many problems, where each is, and that nothing was changed."""

from shinchoku.ingest.errors import InputError, Problem


def test_render_names_source_count_and_that_nothing_changed():
    err = InputError(
        [Problem("values.csv:3 value", "数値ではありません"), Problem("", "年度が空です")],
        "values.csv",
    )
    assert err.render().splitlines() == [
        "values.csv: 2件の問題があるため、何も変更していません。",
        "  values.csv:3 value: 数値ではありません",
        "  年度が空です",
    ]
    assert "取り込みませんでした" not in InputError([Problem("", "理由を書いてください")]).render()


def test_render_can_list_the_first_problems_and_count_the_rest():
    err = InputError([Problem(f"values.csv {n}行目", "数値ではありません") for n in range(2, 27)])
    lines = err.render(20, "shinchoku --all-problems import …").splitlines()
    assert lines[0] == "25件の問題があるため、何も変更していません。"  # the count is of all 25
    assert lines[1] == "  values.csv 2行目: 数値ではありません"
    assert lines[20] == "  values.csv 21行目: 数値ではありません"  # the 20th problem
    assert lines[21:] == [
        "  ほか5件の問題は省略しました。すべて表示するには: shinchoku --all-problems import …"
    ]
    assert err.render(20).splitlines()[21:] == ["  ほか5件の問題は省略しました。"]
    assert len(err.render().splitlines()) == 26  # without a limit: every problem
    exactly = InputError([Problem("", "空です")] * 20)
    assert len(exactly.render(20).splitlines()) == 21  # 20 shown, nothing to count
