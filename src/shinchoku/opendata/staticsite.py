"""The public site as plain files: ``shinchoku site build DIR`` (issue #15, item 1).

The public views are rendered through Django's test client (the very pages the live
site serves), starting from every page of the sitemap and following every link and
asset they name. Links become relative (so the folder can be served from any sub-path or
opened from disk); links into the workspace, sign-in or applications point to the live
site when ``--base-url`` is given and are unlinked otherwise. Map tiles are switched off:
no request leaves the folder. Files that a previous build wrote and this one does not
(a record no longer public) are removed; unchanged files are not rewritten.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.test import Client, override_settings

from ..core.calendar import year_text as fy
from ..core.messages import tr
from ..plan.models import Plan
from ..reports.context import source_date
from ..reports.reproducible import restamp
from .findability import LANGS, _paths, public_pages
from .package import EPOCH
from .package import build as build_data
from .updated import last_updated
from .visibility import is_published, newest_published
from .workers import ReportWorker, report_paths
from .writing import write_files

MANIFEST = ".shinchoku-site.json"
HOST = "static.invalid"  # the test client's host: never a real address
# Addresses that exist only on a live server: staff, sign-in, applications, the API.
LIVE_ONLY = ("/workspace/", "/login/", "/logout/", "/welcome/", "/signup/", "/applications/",
             "/admin/", "/api/", "/i18n/")  # fmt: skip
LINK = re.compile(r"""(?P<attr>\b(?:href|src|action)=)(?P<q>["'])(?P<url>[^"']*)(?P=q)""")
TEXT_TYPES = ("text/html", "application/xml", "application/atom+xml", "text/css")
# A page without an icon makes browsers ask the server's root for /favicon.ico, outside
# the folder; the static edition names an empty one (the site's pages do the same).
ICON = (
    '<link rel="icon" href="data:image/gif;base64,'
    'R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==">'
)


class SiteError(Exception):
    """The site cannot be built as asked (nothing is written)."""


@dataclass(frozen=True)
class SiteBuild:
    """What a build wrote: every file, the ones written this time, the ones removed."""

    files: list[str]
    written: list[str]
    removed: list[str]


def file_for(url: str) -> str:
    """The file a site address is written to: ``/a/`` → ``a/index.html``, queries folded in."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    if parts.query:
        stem, dot, ext = path.rpartition(".")
        slug = re.sub(r"[^A-Za-z0-9]+", "-", parts.query).strip("-")
        path = f"{stem}__{slug}.{ext}" if dot else f"{path}__{slug}"
    return path


def _live_only(path: str) -> bool:
    bare = path[3:] if path.startswith("/en/") else path
    return bare.startswith(LIVE_ONLY) or path.startswith(LIVE_ONLY)


def _internal(url: str) -> str | None:
    """The site path of a link to this site (None for other sites, anchors, data: …)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc == HOST:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.scheme or parts.netloc or not url.startswith("/"):
        return None
    return url.split("#", 1)[0]


def _relative(source: str, target: str) -> str:
    """The link from file ``source`` to file ``target``, both relative to the site root."""
    rel = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return rel


def _rewrite(source: str, text: str, base_url: str, found: set[str]) -> str:
    """``text`` (a page written at ``source``) with its links made relative."""

    def swap(m: re.Match[str]) -> str:
        url = m["url"].replace("&amp;", "&")
        path = _internal(url)
        if path is None:
            return m[0]
        fragment = url[url.index("#") :] if "#" in url else ""
        if _live_only(path):
            if base_url:
                return f"{m['attr']}{m['q']}{base_url.rstrip('/')}{path}{fragment}{m['q']}"
            return 'data-live-only=""'  # no link: the page needs the live site
        if path.startswith("/en/data/") and path != "/en/data/":
            path = path[3:]  # the files are the same in every language: written once
        found.add(path)
        return f"{m['attr']}{m['q']}{_relative(source, file_for(path))}{fragment}{m['q']}"

    return LINK.sub(swap, text)


JSON_LD = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.S)


def _relative_json_ld(source: str, text: str) -> str:
    """Addresses in the page's structured data (schema.org JSON-LD) made relative to the
    page, as its links are: without ``--base-url`` the folder's address is not known, and a
    root-relative ``/indicators/…`` would be wrong when it is served from a sub-path."""

    def address(m: re.Match[str]) -> str:
        path = m[1].replace("\\/", "/")
        if path.startswith("/en/data/") and path != "/en/data/":
            path = path[3:]  # written once, as the links (_rewrite)
        return _relative(source, file_for(path))

    def block(m: re.Match[str]) -> str:
        body = re.sub(rf'"(?:https?://{re.escape(HOST)})(/[^"\s]*)"',
                      lambda u: f'"{address(u)}"', m[2])  # fmt: skip
        return m[1] + body + m[3]

    return JSON_LD.sub(block, text)


def _css_links(source: str, text: str, found: set[str]) -> str:
    """CSS ``url(...)`` references are already relative to the stylesheet; note absolute ones."""

    def swap(m: re.Match[str]) -> str:
        url = m[2]
        if url.startswith("/") and not url.startswith("//"):
            found.add(url)
            return f"url({m[1]}{_relative(source, file_for(url))}{m[1]})"
        return m[0]

    return re.sub(r"""url\((["']?)([^)"']+)\1\)""", swap, text)


def static_files() -> dict[str, bytes]:
    """Every static file of shinchoku's apps, under ``static/`` (CSS may name any of them;
    the admin's and the API browser's are left out: no public page uses them)."""
    ours = Path(__file__).resolve().parents[1]
    out: dict[str, bytes] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if not Path(storage.location).resolve().is_relative_to(ours):
                continue
            key = "static/" + path.replace("\\", "/")
            if key not in out:
                with storage.open(path) as f:
                    out[key] = f.read()
    return out


def start_pages(row: Plan) -> list[str]:
    """Every public page in every language: where the crawl begins."""
    return [p for name, args in public_pages(row) for p in _paths(name, args).values()]


def render_site(row: Plan, base_url: str = "") -> dict[str, bytes]:
    """Every file of the static site by its path."""
    files = static_files()
    for name, data in build_data(row, base_url or "").files.items():
        files[f"data/{name}"] = data
    client = Client(HTTP_HOST=HOST)
    # Another plan than the default is read through its /plans/<slug> pages (plan/selection.py)
    # and written as a site of its own, its links without the prefix.
    prefix = "" if row.is_default else f"/plans/{row.slug}"
    # The reports (most of the work) are rendered by a second process while this one crawls
    # the pages; their responses are taken in exactly as a crawled one.
    with (
        # The /data/ page of this data, built here (``background``), not the newest built.
        override_settings(SHINCHOKU_TILE_URL="", ALLOWED_HOSTS=[HOST], SHINCHOKU_DATA_INLINE=True),
        ReportWorker(prefix, report_paths(row), HOST) as reports,
    ):
        _crawl(row, base_url, prefix, client, files, reports)
    _relink_css(files)
    _fix_dates(files, row)
    return files


def _crawl(
    row: Plan, base_url: str, prefix: str, client: Client, files: dict[str, bytes],
    reports: ReportWorker,
) -> None:  # fmt: skip
    """Render every page reachable from the start pages into ``files``."""
    # Each address is queued once (a page links to the navigation and to every item of a
    # list: re-queuing those made the queue, and popping from its front, grow with N²).
    queue = deque(
        dict.fromkeys([*start_pages(row), *(f"/{'en/' if lang == 'en' else ''}" for lang in LANGS)])
    )
    queued = set(queue)
    done: set[str] = set()
    waiting: list[str] = []  # reports the worker renders, taken in when the queue is empty
    while queue or waiting:
        got = None
        if not queue:  # every page is crawled: the reports (they may link on)
            url = reports.pick(waiting)
            got = reports.result(url)  # None: taken back from the worker, rendered here
        else:
            url = queue.popleft()
            if url in done or _live_only(url) or file_for(url) in files:
                continue
            done.add(url)
            if reports.has(url):
                waiting.append(url)
                continue
        if got is None:
            response = client.get(prefix + url)
            got = response.status_code, response.get("Content-Type", ""), response.content
        status, kind, body = got
        if status != 200:
            raise SiteError(f"{url} を書き出せません（HTTP {status}）")
        found: set[str] = set()
        target = file_for(url)
        files[target] = _take(target, kind.split(";")[0], body, base_url, prefix, found)
        queue.extend(p for p in sorted(found) if p not in queued)
        queued |= found
    if base_url:  # search engines need absolute addresses: only with the site's own
        for extra in ("/sitemap.xml", "/robots.txt"):
            text = client.get(prefix + extra).content.decode("utf-8")
            text = text.replace(f"{prefix}/", "/") if prefix else text
            files[extra[1:]] = text.replace(f"http://{HOST}", base_url.rstrip("/")).encode()


def _take(
    target: str, kind: str, body: bytes, base_url: str, prefix: str, found: set[str]
) -> bytes:
    """A rendered response as the file written at ``target``: links made relative (the
    addresses they name added to ``found``), the page icon added."""
    if kind not in TEXT_TYPES:
        return body
    text = body.decode("utf-8").replace(f"{prefix}/", "/") if prefix else body.decode()
    text = _rewrite(target, text, base_url, found)
    if not base_url:
        text = _relative_json_ld(target, text)
    text = text.replace(f"http://{HOST}", base_url.rstrip("/"))
    if kind == "text/html" and 'rel="icon"' not in text:
        text = re.sub(r"(<head[^>]*>)", lambda m: m[1] + ICON, text, count=1)
    return text.encode("utf-8")


def _fix_dates(files: dict[str, bytes], row: Plan) -> None:
    """Dates that would change on every build (Office files' times, an empty feed's
    ``updated``) set to SOURCE_DATE_EPOCH or the last public change: same data, same bytes."""
    stamp = source_date() or last_updated(row) or EPOCH
    stamp = stamp.astimezone(datetime.UTC).replace(microsecond=0)
    for path, data in files.items():
        if path.endswith((".xlsx", ".docx")) and not path.startswith("static/"):
            files[path] = restamp(data, stamp)
        elif path.endswith(".atom") and b"<entry>" not in data:
            text = re.sub(r"<updated>[^<]*</updated>", f"<updated>{stamp.isoformat()}</updated>",
                          data.decode("utf-8"), count=1)  # fmt: skip
            files[path] = text.encode("utf-8")


def _relink_css(files: dict[str, bytes]) -> None:
    for path in [p for p in files if p.endswith(".css")]:
        found: set[str] = set()
        text = _css_links(path, files[path].decode("utf-8"), found)
        files[path] = text.encode("utf-8")


def build_site(
    row: Plan, directory: Path, base_url: str = "", year: int | None = None
) -> SiteBuild:
    """Write the public site of the published years into ``directory``; ``year``, when
    given, must be the newest published year (an edition for an unpublished one is refused)."""
    if year is not None and (not is_published(row, year) or year != newest_published(row)):
        shown = newest_published(row)
        raise SiteError(
            tr(
                "{year}は公表されていません（公表済み: {shown}）。"
                "公表は shinchoku publish で行ってください",
                year=fy(year),
                shown=fy(shown) if shown else tr("なし"),
            )
        )
    files = render_site(row, base_url)
    manifest = directory / MANIFEST
    before: list[str] = []
    if manifest.is_file():
        before = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    written = write_files(directory, files)
    removed = sorted(set(before) - set(files))
    for path in removed:
        (directory / path).unlink(missing_ok=True)
    listing = json.dumps({"files": sorted(files)}, ensure_ascii=False, indent=1) + "\n"
    write_files(directory, {MANIFEST: listing.encode()})
    return SiteBuild(sorted(files), written, removed)


def broken_links(directory: Path) -> list[str]:
    """Links and assets in the built HTML that name no file of the folder (for tests)."""
    problems = []
    for page in sorted(directory.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for m in LINK.finditer(text):
            url = m["url"].replace("&amp;", "&")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("#") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(directory)}: {url}")
    return problems


ASSET = re.compile(
    r"""<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=["']([^"']+)"""
    r"""|<link\b[^>]*\brel=["'](?:stylesheet|icon|preload)["'][^>]*\bhref=["']([^"']+)"""
)


def external_requests(directory: Path) -> list[str]:
    """Assets (scripts, styles, images) a built page would load from another site."""
    found = []
    for page in sorted(directory.rglob("*.html")):
        for match in ASSET.finditer(page.read_text(encoding="utf-8")):
            url = match[1] or match[2]
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                found.append(f"{page.relative_to(directory)}: {url}")
    return found
