"""The secretariat keeps places, courses and signs in the workspace: permissions, errors, audit."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.registries import applications, keeping
from shinchoku.registries.models import Course, Place, Sign

from .conftest import PRODUCT

ROLES = ["anonymous", "business", "department", "partner", "council", "secretariat"]
PLACE = {"name": "試験の直売所", "name_en": "Test farm stand", "address": "所沢市北野1-2-3",
         "lat": "35.7950", "lng": "139.4500", "opening": "土・日 9:00〜12:00",
         "contact": "04-0000-0000", "produce_spring": "たけのこ", "produce_summer": "枝豆",
         "produce_autumn": "さつまいも", "produce_winter": "ほうれん草"}  # fmt: skip
ROUTE = {"type": "LineString", "coordinates": [[139.4733, 35.7869], [139.4721, 35.7905]]}
COURSE = {"slug": "test-walk", "name_ja": "試験のおさんぽコース", "name_en": "Test walk",
          "description_ja": "公園を歩く", "route": json.dumps(ROUTE),
          "points": "35.7905 | 139.4721 | 試験の公園 | Test park"}  # fmt: skip


def who(name: str) -> str | None:
    return None if name == "anonymous" else name


@pytest.fixture
def course(users) -> Course:
    return keeping.save_course(users["secretariat"], "walk-a", {"name_ja": "コースA"}, ROUTE)


def sign_data(course: Course, **extra) -> dict:
    return {"course": course.pk, "kind": "waymark", "label_ja": "試験の道標", "label_en": "",
            "lat": "35.7880", "lng": "139.4725", "installed_year": "2024",
            "languages": ["ja", "en"], **extra}  # fmt: skip


WRITES = [
    ("place-add", lambda c: ("/workspace/registries/places/add/", PLACE), Place, 0),
    ("course-add", lambda c: ("/workspace/registries/courses/add/", COURSE), Course, 1),
    ("sign-add", lambda c: ("/workspace/registries/signs/add/", sign_data(c)), Sign, 0),
    ("course-edit",
     lambda c: (f"/workspace/registries/courses/{c.pk}/", {**COURSE, "name_ja": "新しい名前"}),
     Course, 1),
    ("unlist",
     lambda c: (f"/workspace/registries/courses/{c.pk}/listed/", {"listed": "0"}), Course, 1),
]  # fmt: skip


@pytest.mark.parametrize("name", ROLES)
@pytest.mark.parametrize(("what", "request_for", "model", "existing"), WRITES)
def test_keeping_the_registries_is_the_secretariats(
    as_user, course, name, what, request_for, model, existing
):
    url, data = request_for(course)
    response = as_user(who(name)).post(url, data)
    course.refresh_from_db()
    if name == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    elif name != "secretariat":
        assert response.status_code == 403
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
    changed = name == "secretariat"
    if what == "course-edit":
        assert (course.name_ja == "新しい名前") == changed
    elif what == "unlist":
        assert course.listed is not changed
    else:
        assert model.objects.count() == existing + changed


@pytest.mark.parametrize("name", ROLES)
def test_the_pages_are_the_secretariats(as_user, course, name):
    for url in ("/workspace/registries/places/", "/workspace/registries/courses/add/",
                f"/workspace/registries/courses/{course.pk}/"):  # fmt: skip
        status = as_user(who(name)).get(url).status_code
        assert status == {"anonymous": 302, "secretariat": 200}.get(name, 403)


def error_on(response, field: str) -> str:
    """The error text shown right after the field's input (the form's own markup)."""
    page = response.content.decode()
    start = page.index(f'id="id_{field}"')
    chunk = page[start : page.index("</p>", start)]
    return " ".join(chunk.split('class="field-error" role="alert">')[1:])


@pytest.mark.parametrize(
    ("url", "data", "field", "message", "model"),
    [
        ("places/add/", {**PLACE, "lat": "35.6"}, "lat", "所沢市の範囲", Place),
        ("places/add/", {**PLACE, "lng": "139.70"}, "lng", "所沢市の範囲", Place),
        ("courses/add/", {**COURSE, "route": '{"type": "Point", "coordinates": [139.47, 35.78]}'},
         "route", "LineString", Course),
        ("courses/add/", {**COURSE, "route": "{not json"}, "route", "GeoJSON として読めません",
         Course),
        ("courses/add/", {**COURSE, "route": json.dumps(
            {"type": "LineString", "coordinates": [[139.76, 35.68], [139.77, 35.69]]})},
         "route", "所沢市の範囲", Course),
        ("courses/add/", {**COURSE, "points": "35.79 | x | 公園"}, "points", "1行目", Course),
        ("courses/add/", {**COURSE, "slug": "walk-a"}, "slug", "すでに使われています", Course),
        ("signs/add/", None, "installed_year", "西暦の年", Sign),
    ],
)  # fmt: skip
def test_errors_are_shown_on_their_field_and_nothing_is_stored(
    as_user, course, url, data, field, message, model
):
    data = data or sign_data(course, installed_year="R6")
    before = model.objects.count()
    audits = AuditEntry.objects.count()
    response = as_user("secretariat").post(f"/workspace/registries/{url}", data)
    assert response.status_code == 200
    assert message in error_on(response, field)
    assert model.objects.count() == before and AuditEntry.objects.count() == audits


def test_a_year_far_away_is_not_a_year(as_user, course):
    response = as_user("secretariat").post(
        "/workspace/registries/signs/add/", sign_data(course, installed_year="20244")
    )
    assert "西暦の年" in error_on(response, "installed_year") and not Sign.objects.exists()


def test_an_edit_is_audited_with_before_and_after(as_user, users):
    place = keeping.save_place(users["secretariat"], {**PLACE, "lat": 35.795, "lng": 139.45})
    client = as_user("secretariat")
    response = client.post(
        f"/workspace/registries/places/{place.pk}/", {**PLACE, "opening": "毎日 8:00〜17:00"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="registries.place.save").latest("id")
    assert entry.target == f"place {place.pk}" and entry.actor == "secretariat"
    assert entry.before["opening"] == "土・日 9:00〜12:00"
    assert entry.after["opening"] == "毎日 8:00〜17:00"
    page = client.get(f"/workspace/registries/places/{place.pk}/").content.decode()
    assert "変更の記録" in page and "毎日 8:00〜17:00" in page
    from django.utils import timezone

    from shinchoku.core.context import date_label

    today = timezone.localdate()  # written as the other pages write dates, not 2025-06-30
    assert f"<td>{date_label(today, 'ja')} " in page and f"<td>{today:%Y-%m-%d} " not in page


def test_a_sign_edit_keeps_its_history(as_user, course):
    client = as_user("secretariat")
    client.post("/workspace/registries/signs/add/", sign_data(course))
    sign = Sign.objects.get()
    assert sign.languages == "ja,en"
    client.post(f"/workspace/registries/signs/{sign.pk}/", sign_data(course, installed_year="2023",
                                                                    languages=["ja"]))  # fmt: skip
    entry = AuditEntry.objects.filter(target=f"sign {sign.pk}").latest("id")
    assert entry.before["installed_year"] == 2024 and entry.after["installed_year"] == 2023
    assert entry.after["languages"] == "ja"


def test_unlisting_keeps_the_row_and_hides_it(as_user, course, client):
    client = as_user("secretariat")
    client.post(f"/workspace/registries/courses/{course.pk}/listed/", {"listed": "0"})
    assert Course.objects.filter(pk=course.pk, listed=False).exists()
    client.logout()
    assert client.get("/courses/walk-a/").status_code == 404
    assert "コースA" not in client.get("/courses/").content.decode()
    entry = AuditEntry.objects.filter(action="registries.course.listed").get()
    assert entry.before == {"listed": True} and entry.after == {"listed": False}


def test_a_course_added_by_the_form_is_public(as_user, db, users):
    as_user("secretariat").post("/workspace/registries/courses/add/", COURSE)
    c = Course.objects.get(slug="test-walk")
    assert c.route["type"] == "LineString" and c.length_km > 0
    assert [p.name_en for p in c.points.all()] == ["Test park"]
    assert "試験のおさんぽコース" in as_user(None).get("/courses/test-walk/").content.decode()


def test_the_index_links_the_new_pages(as_user, users):
    page = as_user("secretariat").get("/workspace/registries/").content.decode()
    for url in ("places", "courses", "signs"):
        assert f'href="/workspace/registries/{url}/"' in page
    # the output table stacks one indicator a block on a phone (site.css table.tasks)
    outputs = page[page.index('aria-labelledby="outputs"') :]
    outputs = outputs[: outputs.index("</table>")]
    assert '<table class="values tasks">' in outputs
    assert outputs.count('data-label="数え方"') == outputs.count("<tr>") - 1 > 0  # not the head


def test_the_pending_applications_stack_on_a_phone(as_user, applicants):
    """At 390 px each application waiting for review is one block whose cells say what they
    are (site.css table.tasks), not a table whose headers are clipped behind a scroll."""
    applications.apply_product(applicants["business"], PRODUCT, on=datetime.date(2024, 4, 20))
    page = as_user("secretariat").get("/workspace/registries/").content.decode()
    pending = page[page.index('aria-labelledby="pending-heading"') :]
    pending = pending[: pending.index("</table>")]
    assert '<table class="values tasks">' in pending
    row = pending[pending.index("<tbody>") :]
    assert '<th scope="row"><a href="/workspace/registries/product/' in row  # the name
    assert "テスト特産品" in row
    labels = re.findall(r'<td data-label="([^"]+)">', row)
    assert labels == ["種類", "申請者", "状態", "申請日"]
    assert "<td>" not in row  # every cell carries its column's name


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_a_place_added_by_the_form_is_on_the_page_and_in_the_guide_map(as_user, users, tmp_path):
    response = as_user("secretariat").post("/workspace/registries/places/add/", PLACE)
    assert response.status_code == 302
    public = as_user(None)
    page = public.get("/places/").content.decode()
    assert "試験の直売所" in page and "さつまいも" in page
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(public.get("/places/guide-map.pdf").content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "試験の直売所" in text and "土・日 9:00〜12:00" in text
