"""Shift_JIS by default on every entrance, and uploads kept only while a preview is pending."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shinchoku.observations.models import ImportRun, Observation
from shinchoku.uploads import store

SJIS = '指標,年度,値,出典,備考\n総生産額,令和4年度,"9,300",県経済計算,速報値\n'.encode("cp932")
# UTF-8 (総) up to a Latin-1 ü: readable neither as UTF-8 nor as Shift_JIS.
GARBLED = b"indicator,year,value,source\n\xe7\xb7\x8f,2022,9300,M\xfcller\n"
WHERE = (
    "UTF-8としては44バイト目（2行目、0xFC）、Shift_JIS（cp932）としては31バイト目（2行目、0x8F）"
)


def stored_2022() -> list[Decimal]:
    return list(
        Observation.objects.filter(indicator__code="gross-product", year=2022).values_list(
            "value", flat=True
        )
    )


@pytest.mark.parametrize("command", [("import",), ("observe", "import")])
def test_a_shift_jis_csv_with_japanese_headings_imports_without_options(
    cli, plan, tmp_path, command
):
    path = tmp_path / "sjis.csv"
    path.write_bytes(SJIS)
    cli(*command, str(path))
    assert stored_2022() == [Decimal("9300")]
    assert Observation.objects.get(year=2022, indicator__code="gross-product").note == "速報値"


@pytest.mark.parametrize("command", [("import",), ("observe", "import")])
def test_a_file_neither_utf8_nor_shift_jis_is_refused_with_its_byte_offset(
    cli, plan, tmp_path, command
):
    path = tmp_path / "garbled.csv"
    path.write_bytes(GARBLED)
    runs = ImportRun.objects.count()
    result = cli(*command, str(path), ok=False)
    assert result.exit_code == 2
    assert f"garbled.csv: 文字コードを判別できません（{WHERE}が読めません）" in result.stderr
    assert "保存し直してください" in result.stderr
    assert ImportRun.objects.count() == runs and stored_2022() == []


def upload(client, name: str, data: bytes) -> str:
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post("/workspace/import/", {"file": file}).content.decode()


def test_a_shift_jis_upload_previews_and_confirms_then_its_file_is_gone(client_as):
    client = client_as("department")
    html = upload(client, "sjis.csv", SJIS)
    assert "確認: 次の内容を登録します" in html and "9,300" in html
    assert "UTF-8（BOM 付きも可）か Shift_JIS" in html  # the page states the rule
    (kept,) = store.pending()
    assert [p.name for p in kept.iterdir()] == ["sjis.csv"]
    assert stored_2022() == []  # nothing stored before the confirmation
    client.post("/workspace/import/", {"confirm": "1"})
    assert stored_2022() == [Decimal("9300")]
    assert store.pending() == []


def test_a_garbled_upload_names_the_byte_and_leaves_nothing(client_as):
    html = upload(client_as("secretariat"), "garbled.csv", GARBLED)
    assert "取り込めませんでした" in html
    assert f"文字コードを判別できません（{WHERE}が読めません）" in html
    assert store.pending() == [] and stored_2022() == []


def test_a_new_upload_replaces_the_preview_not_confirmed(client_as):
    client = client_as("department")
    upload(client, "first.csv", SJIS)
    (first,) = store.pending()
    upload(client, "second.csv", SJIS)
    (second,) = store.pending()
    assert first != second and not first.exists()


def age(folder: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(folder, (then, then))


def test_an_expired_preview_cannot_be_confirmed_and_leaves_nothing(client_as, settings):
    client = client_as("department")
    upload(client, "sjis.csv", SJIS)
    (kept,) = store.pending()
    age(kept, 25)  # older than SHINCHOKU_UPLOAD_EXPIRY_HOURS (24)
    response = client.post("/workspace/import/", {"confirm": "1"}, follow=True)
    assert "確認の期限が切れました" in response.content.decode()
    assert stored_2022() == [] and store.pending() == []


def test_old_uploads_are_swept_by_the_next_upload_and_by_clean_uploads(client_as, cli, settings):
    root = Path(settings.SHINCHOKU_UPLOAD_DIR)
    stale = root / ("a" * 32)
    stale.mkdir(parents=True)
    (stale / "left.csv").write_bytes(b"x")
    age(stale, 30)
    upload(client_as("department"), "sjis.csv", SJIS)
    assert not stale.exists() and len(store.pending()) == 1
    (fresh,) = store.pending()
    age(fresh, 2)
    out = cli("--database", "sqlite://", "clean-uploads", "--older-than", "1").stdout
    assert "1件の期限切れのアップロードを削除しました" in out
    assert store.pending() == []


def test_a_failed_confirmation_removes_the_file(client_as, plan):
    client = client_as("department")
    upload(client, "sjis.csv", SJIS)
    # The kept file no longer reads at confirmation (changed on disk meanwhile): refused, and
    # its folder is removed all the same.
    (kept,) = store.pending()
    (kept / "sjis.csv").write_bytes(b"indicator,year,value,source\n")
    response = client.post("/workspace/import/", {"confirm": "1"}, follow=True)
    assert "データ行がありません" in response.content.decode()
    assert store.pending() == [] and stored_2022() == []
