"""Error pages in the site's own layout and language, with a way back; menus that only
offer what their user may open."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LAYOUT = "本文へ移動"  # the skip link every page of the site has


def test_not_found_in_japanese_and_english(client, plan):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in page and "ページが見つかりません" in page and "ホームへ戻る" in page
    assert '<html lang="ja">' in page and "Resolver404" not in page
    english = client.get("/en/no-such-page/").content.decode()
    assert '<html lang="en">' in english
    assert "Page not found" in english and "Back to the home page" in english


def test_forbidden_names_the_reason(client_as):
    response = client_as("council").get("/workspace/import/")
    page = response.content.decode()
    assert response.status_code == 403
    assert LAYOUT in page and "値を登録する権限がありません" in page
    assert "事務局・担当者の画面へ戻る" in page


def test_method_not_allowed_is_styled(client_as):
    response = client_as("secretariat").get("/workspace/publish/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    page = response.content.decode()
    assert LAYOUT in page and "この操作はこの画面ではできません" in page


def test_expired_form_is_explained(plan):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x"})
    assert response.status_code == 403
    assert "フォームの有効期限が切れたか" in response.content.decode()


def test_server_error_page_renders_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "システムで問題が起きました" in page and "ホームへ戻る" in page


def test_council_menu_has_no_import_link(client_as):
    page = client_as("council").get("/workspace/").content.decode()
    assert "/workspace/import/" not in page
    assert "/workspace/import/" in client_as("department").get("/workspace/").content.decode()
