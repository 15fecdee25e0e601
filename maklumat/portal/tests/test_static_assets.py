"""Every script, style sheet and icon a page asks for is served by Maklumat itself (offices may have no
internet: no CDN), through WhiteNoise's finders as the demo serves them without collectstatic."""

from __future__ import annotations

import re


def test_every_asset_a_page_links_is_served_locally(client, settings, blitar, officer):
    settings.WHITENOISE_USE_FINDERS = True  # as in production settings (the suite switches it off: conftest.py)
    client.force_login(officer)
    page = client.get(f"/kantor/{blitar.code}/antrian/").content.decode()
    assets = set(re.findall(r'(?:src|href)="(/static/[^"?#]+)', page))
    assert any(asset.endswith(".js") for asset in assets) and any(asset.endswith(".css") for asset in assets)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)  # nothing from another host
    for asset in sorted(assets):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content if response.streaming else [response.content]), asset
