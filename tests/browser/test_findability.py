"""A new practitioner finds the common answers from the home page in two clicks or one search,
search works with nothing but the site itself, and chapters print without the site's furniture."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("link, lands_on, shows", [
    ("who leads across the thresholds", "thresholds/lead-professionals-across-the-thresholds/", "Looked after"),
    ("families who are hard to engage", "working-with-families/families-who-are-hard-to-engage/", "engage"),
    ("when and how to ask for an independent chair", "thresholds/escalation-meetings-and-independent-chairs/",
     "independent chair"),
])
def test_common_questions_are_one_click_from_the_home_page(page, base_url, link, lands_on, shows):
    page.goto(base_url)
    page.locator("article").get_by_role("link", name=link).click()
    page.wait_for_url(f"**/{lands_on}**")
    assert shows.lower() in page.locator("article").inner_text().lower()


def test_the_home_page_answers_who_leads_for_a_looked_after_child(page, base_url):
    page.goto(base_url)
    assert "looked after child: the child's social worker" in page.locator("article").inner_text().lower()


@pytest.mark.parametrize("query, expected", [
    ("independent chair", "escalation-meetings-and-independent-chairs"),
    ("looked after", "lead-professionals-across-the-thresholds"),
    ("hard to engage", "families-who-are-hard-to-engage"),
])
def test_search_finds_the_page_without_leaving_the_site(page, base_url, query, expected):
    page.goto(base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=20)  # the theme searches on key presses
    results = page.locator(".md-search-result__link")
    results.first.wait_for(timeout=30_000)
    addresses = [results.nth(i).get_attribute("href") for i in range(min(results.count(), 6))]
    assert any(expected in (address or "") for address in addresses), addresses


def test_a_chapter_prints_without_navigation_header_or_footer(page, base_url):
    page.goto(base_url + "team-around-the-family/running-the-meeting/")
    page.emulate_media(media="print")
    for furniture in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(furniture).first.is_visible(), furniture
    assert page.locator("article h1").is_visible()
