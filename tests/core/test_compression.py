"""Pages are sent gzipped to browsers that accept it, and plain to those that do not."""

import gzip

import pytest

from devtools.demo.tour import PAGE_TYPES

pytestmark = pytest.mark.django_db


def test_every_page_type_is_gzipped_for_a_browser_that_accepts_it(client, figure):
    sizes = []
    for name, (path, _) in PAGE_TYPES.items():
        plain = client.get(path)
        packed = client.get(path, headers={"accept-encoding": "gzip, deflate, br"})
        assert "Content-Encoding" not in plain, name
        assert packed["Content-Encoding"] == "gzip", name
        assert "Accept-Encoding" in packed["Vary"], name
        # The same page (CSRF tokens and nonces differ from one response to the next).
        assert gzip.decompress(packed.content).decode().count("<h1") == plain.content.decode().count("<h1")
        sizes.append(f"{name} {len(plain.content) / 1024:.1f} → {len(packed.content) / 1024:.1f} KB")
        assert len(packed.content) < len(plain.content) / 2, name
    figure("HTML per page type, plain → gzip", "; ".join(sizes))
