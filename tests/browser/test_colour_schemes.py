"""Light and dark colours (issue 17, item 5): the pages follow the device's setting, as it changes,
until the reader chooses with the toggle in the header; the choice is kept from page to page.
(Every page and tool state is checked by axe in both schemes: helpers.axe_report.)"""

from __future__ import annotations

from helpers import show_scheme

PAGE = "lead-professional/accountability/"


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_the_pages_follow_the_device_until_the_reader_chooses(page, base_url):
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + PAGE)
    page.locator('body[data-md-color-scheme="slate"]').wait_for(state="attached")
    # Links take the council's dark accent (the default settings' #8cb4ff), not the header's colour.
    assert page.locator("article p a[href]:not(.headerlink)").first.evaluate("(a) => getComputedStyle(a).color") == "rgb(140, 180, 255)"
    assert show_scheme(page, "light") and scheme(page) == "default"
    assert show_scheme(page, "dark") and scheme(page) == "slate"

    # The toggle: following the device, then light, then dark, each kept on the next page.
    page.locator("label[title='Colours follow your device: switch to light']").click()
    page.locator('body[data-md-color-scheme="default"]').wait_for(state="attached")
    page.reload()
    assert scheme(page) == "default", "the reader's choice of light outlasts the device's dark setting"
    page.locator("label[title='Light colours: switch to dark']").click()
    page.locator('body[data-md-color-scheme="slate"]').wait_for(state="attached")
    page.emulate_media(color_scheme="light")
    page.reload()
    assert scheme(page) == "slate", "the reader's choice of dark outlasts the device's light setting"
    page.locator("label[title='Dark colours: switch to follow your device']").click()
    page.locator('body[data-md-color-scheme="default"]').wait_for(state="attached")
    page.emulate_media(color_scheme="dark")
    page.locator('body[data-md-color-scheme="slate"]').wait_for(state="attached")  # following the device again
