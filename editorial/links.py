"""Broken links: what each live page links to, and whether it still leads anywhere (issue 18).

Internal links are the pages, documents and images a page names: Wagtail's reference index (foreign
keys, inline panels, choosers, rich text) and, since Wagtail drops the index rows that point at an
object when it is deleted, the ids stored in the page's own rich text and choosers. A link is broken
when its target is deleted, unpublished or private (visitors would be asked to sign in).

External links are the http(s) addresses in rich text, URL blocks and URL fields. Each address is
asked once per run, HEAD first and GET if HEAD fails, without following redirects. The checker runs
on the site's own network, so an address that resolves to a private, loopback or link-local
address is refused (a link could otherwise make it probe internal services), unless its host is
in LINK_CHECK_ALLOWED_HOSTS; the connection goes to the address that was vetted, not to a second
DNS answer.
"""

import html
import http.client
import ipaddress
import re
import socket
import ssl
import string
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.rich_text import extract_references_from_rich_text

from core.mixins import stream_leaves

from .models import CheckedLink

EXTERNAL_HREF = re.compile(r"""<a\s[^>]*href=["'](https?://[^"']+)["']""", re.IGNORECASE)
MAX_TARGET = CheckedLink._meta.get_field("target").max_length
USER_AGENT = f"{settings.WAGTAIL_SITE_NAME} link checker (+{settings.WAGTAILADMIN_BASE_URL})"
# A HEAD that fails with one of these may be the server's dislike of HEAD: ask again with GET.
GET_AGAIN = {400, 403, 404, 405, 406, 429, 500, 501, 503}


def target_models():
    """What internal links point at, by the model their ids belong to: {model: label}."""
    return {Page: "page", get_document_model(): "document", get_image_model(): "image"}


def internal_target(model, object_id, kinds):
    """(label, id) of a reference to a page, document or image, else None."""
    if model is not None and issubclass(model, Page):
        model = Page
    label = kinds.get(model)
    return (label, str(object_id)) if label else None


def rich_text_links(source, internal, external, kinds):
    for model, object_id, _, _ in extract_references_from_rich_text(source or ""):
        if target := internal_target(model, object_id, kinds):
            internal.add(target)
    external.update(html.unescape(url) for url in EXTERNAL_HREF.findall(source or ""))


def page_links(page, kinds, references):
    """({(label, id)}, {url}) a live page links to; `references` are its rows in the reference index."""
    internal, external = set(), set()
    for field in page._meta.concrete_fields:
        value = field.value_from_object(page)
        if isinstance(field, StreamField):
            for block, raw in stream_leaves(field.stream_block, list(value.raw_data)):
                if isinstance(block, blocks.RichTextBlock):
                    rich_text_links(raw, internal, external, kinds)
                elif isinstance(block, blocks.ChooserBlock) and raw:
                    if target := internal_target(block.model_class, raw, kinds):
                        internal.add(target)
                elif isinstance(block, blocks.URLBlock) and raw:
                    external.add(raw)
        elif isinstance(field, RichTextField):
            rich_text_links(value, internal, external, kinds)
        elif isinstance(field, models.URLField) and value:
            external.add(value)
    for content_type_id, object_id in references:
        if target := internal_target(ContentType.objects.get_for_id(content_type_id).model_class(), object_id, kinds):
            internal.add(target)
    return internal, {url for url in external if url.startswith(("http://", "https://"))}


def restrictions(path, restricted_paths):
    return {prefix for prefix in restricted_paths if path.startswith(prefix)}


class InternalTargets:
    """The pages, documents and images internal links point at, looked up once for a whole run."""

    def __init__(self, wanted, kinds):
        ids = {
            label: {int(object_id) for lab, object_id in wanted if lab == label and object_id.isdigit()}
            for label in kinds.values()
        }
        self.pages = Page.objects.filter(pk__in=ids["page"]).only("pk", "title", "path", "live").in_bulk()
        self.private_pages = set(PageViewRestriction.objects.values_list("page__path", flat=True))
        self.documents = (
            get_document_model().objects.filter(pk__in=ids["document"]).select_related("collection").in_bulk()
        )
        self.private_collections = set(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
        self.images = set(get_image_model().objects.filter(pk__in=ids["image"]).values_list("pk", flat=True))

    def result(self, label, object_id, source_path):
        """(status, reason, target page) of a link from the page at `source_path`."""
        pk = int(object_id) if object_id.isdigit() else None
        if label == "page" and (page := self.pages.get(pk)):
            if not page.live:
                return CheckedLink.Status.BROKEN, "The page it links to is not published.", page
            # A private page linking inside its own private section is fine: its visitors have signed in.
            if restrictions(page.path, self.private_pages) - restrictions(source_path, self.private_pages):
                return (
                    CheckedLink.Status.BROKEN,
                    "The page it links to is private: visitors are asked to sign in.",
                    page,
                )
            return CheckedLink.Status.OK, "", page
        if label == "document" and (document := self.documents.get(pk)):
            if restrictions(document.collection.path, self.private_collections):
                reason = "The document is in a private collection: visitors are asked to sign in."
                return CheckedLink.Status.BROKEN, reason, None
            return CheckedLink.Status.OK, "", None
        if label == "image" and pk in self.images:
            return CheckedLink.Status.OK, "", None
        return CheckedLink.Status.BROKEN, f"The {label} it links to was deleted.", None


class PinnedHTTPConnection(http.client.HTTPConnection):
    """A connection to the address the checker vetted, whatever the host's name resolves to next."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT
    tls = ssl.create_default_context()

    def connect(self):
        super().connect()
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host)


def vetted_address(host, port):
    """The address to connect to, or the reason not to."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return None, f"No such website: {host} is not found."
    addresses = [ipaddress.ip_address(answer[4][0].split("%")[0]) for answer in answers]
    if host not in settings.LINK_CHECK_ALLOWED_HOSTS:
        for address in addresses:
            address = getattr(address, "ipv4_mapped", None) or address
            if not address.is_global or address.is_multicast:
                return None, f"Not checked: {host} is on a private network address ({address})."
    return str(addresses[0]), None


def ask(connection_class, host, port, address, target, method):
    connection = connection_class(host, port, address, settings.LINK_CHECK_TIMEOUT)
    try:
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.reason, response.getheader("Location")
    finally:
        connection.close()


def check_url(url):
    """(status, HTTP status, reason) of an external address."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return CheckedLink.Status.BROKEN, None, "Not a valid web address."
    if not parts.hostname:
        return CheckedLink.Status.BROKEN, None, "Not a valid web address."
    address, refusal = vetted_address(parts.hostname, port)
    if refusal:
        return CheckedLink.Status.BROKEN, None, refusal
    connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    # As a browser sends it: spaces and letters beyond ASCII percent-encoded.
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=string.punctuation)
    try:
        code, reason, location = ask(connection_class, parts.hostname, port, address, target, "HEAD")
        if code in GET_AGAIN:
            code, reason, location = ask(connection_class, parts.hostname, port, address, target, "GET")
    except TimeoutError:
        return CheckedLink.Status.BROKEN, None, f"No answer within {settings.LINK_CHECK_TIMEOUT} seconds."
    except ssl.SSLError as error:
        return (
            CheckedLink.Status.BROKEN,
            None,
            f"The website's security certificate failed: {error.reason or error}."[:255],
        )
    except ValueError:
        return CheckedLink.Status.BROKEN, None, "Not a valid web address."
    except (OSError, http.client.HTTPException) as error:
        return CheckedLink.Status.BROKEN, None, f"The website did not answer: {error}."[:255]
    if 300 <= code < 400 and location:
        return CheckedLink.Status.REDIRECT, code, f"Moved to {urljoin(url, location)}"[:255]
    if code >= 400:
        return CheckedLink.Status.BROKEN, code, f"The website answered {code} {reason}.".strip()[:255]
    return CheckedLink.Status.OK, code, ""


def check_links(under=None):
    """Check every link on the live pages (those at or below `under` if given), store what was found
    and forget the links that are gone. Returns {status: count}."""
    checked_at = timezone.now()
    kinds = target_models()
    pages = Page.objects.live().specific()
    if under is not None:
        pages = pages.descendant_of(under, inclusive=True)
    # Every page's rows in the reference index, in one query rather than one a page.
    references = defaultdict(list)
    indexed = ReferenceIndex.objects.filter(base_content_type=ContentType.objects.get_for_model(Page))
    for object_id, content_type_id, to_object_id in indexed.values_list("object_id", "to_content_type", "to_object_id"):
        references[object_id].append((content_type_id, to_object_id))
    found = {(page.pk, page.path): page_links(page, kinds, references[str(page.pk)]) for page in pages.iterator(500)}
    internal = InternalTargets({target for links, _ in found.values() for target in links}, kinds)
    urls = {url for _, external in found.values() for url in external}
    with ThreadPoolExecutor(max_workers=settings.LINK_CHECK_CONCURRENCY) as pool:
        external = dict(zip(urls, pool.map(check_url, urls), strict=True))

    rows = {}
    for (page_id, path), (page_internal, page_external) in found.items():
        for label, object_id in page_internal:
            status, reason, target_page = internal.result(label, object_id, path)
            target = f"{label} {object_id}"[:MAX_TARGET]
            rows[(page_id, target)] = CheckedLink(
                page_id=page_id,
                kind=CheckedLink.Kind.INTERNAL,
                target=target,
                target_page=target_page,
                status=status,
                reason=reason,
                last_checked=checked_at,
            )
        for url in page_external:
            status, code, reason = external[url]
            rows[(page_id, url[:MAX_TARGET])] = CheckedLink(
                page_id=page_id,
                kind=CheckedLink.Kind.EXTERNAL,
                target=url[:MAX_TARGET],
                status=status,
                http_status=code,
                reason=reason,
                last_checked=checked_at,
            )
    stale = CheckedLink.objects.filter(last_checked__lt=checked_at)
    if under is not None:
        stale = stale.filter(page__path__startswith=under.path)
    with transaction.atomic():
        CheckedLink.objects.bulk_create(
            rows.values(),
            update_conflicts=True,
            unique_fields=["page", "target"],
            update_fields=["kind", "target_page", "status", "http_status", "reason", "last_checked"],
        )
        # Links taken off a page, and the links of pages no longer live.
        stale.delete()
    counts = dict.fromkeys(CheckedLink.Status.values, 0)
    for row in rows.values():
        counts[row.status] += 1
    return counts
