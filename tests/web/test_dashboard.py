"""Drive the dashboard on the sample corpus: every view renders, filters change it, events lead to sentences."""

from __future__ import annotations

import json
import re
from urllib.request import urlopen

import pytest

TIMEOUT = 15_000  # ms for the page to settle; a wait, not a timing assertion


def load(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready]", timeout=TIMEOUT)


def total(page) -> int:
    return int(page.get_attribute("#total", "data-total"))


def test_dashboard_shows_every_view(page, base_url, artifacts):
    load(page, base_url)
    assert total(page) > 0 and page.locator("#events tbody tr").count() == min(25, total(page))
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#network path.tie").count() > 0
    assert page.locator("#map circle.place").count() > 0
    assert page.locator("#map path.land").count() > 100 and page.locator("#map path.has-events").count() > 0
    assert page.locator("#f-country option").count() > 1 and page.locator("#f-plover option").count() > 1
    page.screenshot(path=artifacts / "dashboard.png", full_page=True)
    weeks = int(page.get_attribute("#timeline", "data-buckets"))
    page.select_option("#interval", "month")
    page.wait_for_function(f"document.querySelector('#timeline').dataset.buckets != '{weeks}'", timeout=TIMEOUT)
    labels = page.locator("#timeline text.label").all_text_contents()
    assert labels and all(label.endswith("-01") for label in labels)
    first = page.locator("#events tbody tr td").first.inner_text()
    page.select_option("#order", "-date")
    page.wait_for_function(f"document.querySelector('#events tbody tr td').textContent != {first!r}", timeout=TIMEOUT)
    assert page.locator("#actors li").count() > 0
    for view in ("timeline", "network", "actors", "map", "table"):
        page.locator(f"#{view}-panel").screenshot(path=artifacts / f"{view}.png")


def test_a_filter_changes_the_table_and_the_timeline(page, base_url, artifacts):
    load(page, base_url)
    before, bars_before = total(page), page.locator("#timeline rect.bar").count()
    assert page.locator("#timeline rect.bar:not(.q4)").count() > 0
    page.select_option("#f-quad", "4")
    page.click("#apply")
    page.wait_for_function(f"document.querySelector('#total').dataset.total != '{before}'", timeout=TIMEOUT)
    page.wait_for_function("!document.querySelector('#timeline rect.bar:not(.q4)')", timeout=TIMEOUT)
    assert 0 < total(page) < before
    quads = page.locator("#events tbody tr td:nth-child(6)").all_inner_texts()
    assert quads and all(q.strip() == "4" for q in quads)
    assert 0 < page.locator("#timeline rect.bar").count() <= bars_before
    assert "quad_class=4" in page.inner_text("#active-filters")
    page.screenshot(path=artifacts / "filtered-quad4.png", full_page=True)

    page.click("#clear-filters")
    page.wait_for_function(f"document.querySelector('#total').dataset.total == '{before}'", timeout=TIMEOUT)


def test_clicking_an_actor_filters_by_it(page, base_url):
    load(page, base_url)
    before = total(page)
    link = page.locator("#actors a").first
    code = link.get_attribute("data-code")
    link.click()
    page.wait_for_function(f"document.querySelector('#total').dataset.total != '{before}'", timeout=TIMEOUT)
    assert page.input_value("#f-actor") == code and 0 < total(page) < before
    assert f"actor={code}" in page.inner_text("#active-filters")


def test_clicking_a_tie_lists_its_events(page, base_url, artifacts):
    load(page, base_url)
    before = total(page)
    tie = page.locator("#network path.tie").first
    source, target = tie.get_attribute("data-source"), tie.get_attribute("data-target")
    tie.dispatch_event("click")
    page.wait_for_function(f"document.querySelector('#total').dataset.total != '{before}'", timeout=TIMEOUT)
    assert f"{source} → {target}" in page.inner_text("#dyad-note")
    rows = page.locator("#events tbody tr")
    assert 0 < rows.count() == min(25, total(page)) and total(page) < before
    with urlopen(f"{base_url}/events?source={source}&target={target}&limit=1") as response:
        assert total(page) == json.loads(response.read())["total"]
    sources = [cells[1] for cells in (rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count()))]
    assert any(source in cell for cell in sources)
    page.locator("#table-panel").screenshot(path=artifacts / "tie-events.png")


def test_an_event_leads_to_its_sentence_in_the_article(page, base_url, artifacts):
    load(page, base_url)
    before = total(page)
    page.select_option("#f-modality", "reported")  # events told by someone: they carry an attribution chain
    page.click("#apply")
    page.wait_for_function(f"document.querySelector('#total').dataset.total != '{before}'", timeout=TIMEOUT)
    row = page.locator("#events tbody tr").first
    sentence = row.locator("a.to-sentence").inner_text()
    row.locator("a.to-sentence").click()
    page.wait_for_selector("#event-card", timeout=TIMEOUT)
    assert page.is_visible("#article-view") and not page.is_visible("#dashboard")
    focused = page.evaluate("[...document.querySelectorAll('#article-text .sent-focus')].map(e => e.textContent).join('')")
    assert " ".join(focused.split()) == sentence
    trigger = page.locator("#article-text .sent-focus.hl-trigger").first.inner_text()
    assert trigger and trigger in sentence
    card = page.inner_text("#event-card")
    assert "Attribution chain" in card and "reported" in card
    assert page.locator("#event-card ol.chain li").count() > 0
    assert page.locator("#event-card code.rule").inner_text().strip() not in ("", "–")
    page.screenshot(path=artifacts / "article-event.png", full_page=True)
    page.go_back()
    page.wait_for_selector("#dashboard:not([hidden])", timeout=TIMEOUT)


def test_an_event_reported_twice_lists_its_other_reports(page, base_url, artifacts):
    def get(path):
        with urlopen(base_url + path) as response:
            return json.loads(response.read())

    rows = sorted(get("/events?limit=1000")["events"], key=lambda r: r["target_code"] is None)  # dyads first
    found = next((e for e in (get(f"/events/{r['event_id']}") for r in rows)
                  if len({m["article_id"] for m in e["cluster"]["mentions"]}) > 1), None)
    if found is None:
        pytest.skip("the samples have no event reported by two articles")
    page.goto(f"{base_url}/#article={found['article_id']}&event={found['event_id']}")
    page.wait_for_selector("#event-card ul.cluster", timeout=TIMEOUT)
    links = page.locator("#event-card ul.cluster a")
    assert links.count() == len(found["cluster"]["mentions"])
    other = next(m for m in found["cluster"]["mentions"] if m["article_id"] != found["article_id"])
    page.locator(f"#event-card ul.cluster a[href*='event={other['event_id']}']").click()
    page.wait_for_function(f"document.querySelector('#event-card') && location.hash.includes('{other['event_id']}')",
                           timeout=TIMEOUT)
    page.wait_for_selector("#article-events li", timeout=TIMEOUT)
    page.wait_for_function(f"document.querySelector('#article-title').textContent === {json.dumps(other['title'])}",
                           timeout=TIMEOUT)
    page.screenshot(path=artifacts / "cluster.png", full_page=True)


def test_article_view_highlights_every_layer(page, base_url, artifacts):
    page.goto(base_url + "/#article=sample-minsk-2015")
    page.wait_for_selector("#article-text .hl-trigger", timeout=TIMEOUT)
    for cls in ("hl-entity", "hl-time", "hl-place", "hl-trigger"):
        assert page.locator(f"#article-text .{cls}").count() > 0, cls
    titles = page.locator("#article-text .hl-time").first.get_attribute("title")
    assert re.search(r"DATE \d{4}-\d{2}-\d{2}", titles)
    events = page.locator("#article-events li")
    assert events.count() > 0
    events.last.locator("a.event-link").click()
    page.wait_for_selector("#event-card", timeout=TIMEOUT)
    assert page.locator("#article-text .sent-focus").count() > 0
    page.screenshot(path=artifacts / "article.png", full_page=True)


@pytest.mark.parametrize("path", ["/#article=sample-iran-2015"])
def test_quotes_show_their_speakers(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_selector("#article-text .hl-trigger", timeout=TIMEOUT)
    quotes = page.locator("#article-quotes li").all_inner_texts()
    spans = page.locator("#article-text .hl-quote")
    assert len(quotes) == 0 or spans.count() > 0
    for title in [spans.nth(i).get_attribute("title") for i in range(spans.count())]:
        assert "speaker:" in title


def test_api_docs_render_offline(page, base_url, artifacts):
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock", timeout=TIMEOUT)
    assert "/events" in page.inner_text("#swagger-ui")
    page.screenshot(path=artifacts / "docs.png")


@pytest.mark.parametrize("visits", [
    [("/#article=sample-minsk-2015", "#article-text .hl-trigger"), ("/", "body[data-ready] #events tbody tr")],
    [("/docs", ".opblock")],  # Swagger UI's inline script runs by its hash
], ids=["dashboard", "docs"])
def test_pages_run_under_their_content_security_policy(browser, base_url, visits):
    context = browser.new_context()  # no bypass: the page's own policy applies
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda exc: messages.append(str(exc)))
    for path, selector in visits:
        page.goto(base_url + path)
        page.wait_for_selector(selector, timeout=TIMEOUT)
    context.close()
    assert not [m for m in messages if "Content Security Policy" in m or "Error" in m], messages


def test_dashboard_asks_for_the_key_once_and_sends_it(browser, keyed_url):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(keyed_url + "/")
    page.wait_for_selector("#key-form:not([hidden])", timeout=TIMEOUT)
    assert page.locator("#events tbody tr").count() == 0
    page.fill("#key", "wrong")
    page.click("#key-form button")
    page.wait_for_function("document.querySelector('#key-note').textContent.includes('refused')", timeout=TIMEOUT)
    assert page.locator("#key-form").is_visible()
    page.fill("#key", "s3cret")
    page.click("#key-form button")
    page.wait_for_selector("body[data-ready] #events tbody tr", timeout=TIMEOUT)
    assert page.locator("#key-form").is_hidden() and total(page) > 0
    page.goto(keyed_url + "/#article=sample-minsk-2015")  # the key stays for the tab: no second prompt
    page.wait_for_selector("#article-text .hl-trigger", timeout=TIMEOUT)
    assert page.locator("#key-form").is_hidden()
    context.close()
