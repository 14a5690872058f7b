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
