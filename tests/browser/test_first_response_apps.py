"""The first-response practice pages as a learner meets them: Voilà in Chromium, in English and
Russian, answered, checked, and readable on a phone (390 x 844, nothing cut off)."""

from __future__ import annotations

import pytest

from simsuite.activities.registry import get_type

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
# Text that does not fit: clipped or ellipsed with text of its own, or past the screen's right
# edge; and a page that scrolls sideways.
CUT_OFF_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  for (const el of document.querySelectorAll('.simsuite-page *')) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (box.width === 0 || box.height === 0) continue;
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const overflows = el.scrollWidth > el.clientWidth + 1;
    const name = el.tagName + '.' + String(el.className).slice(0, 60) + ' '
      + (el.innerText || '').trim().slice(0, 50);
    if (ownText && overflows && (style.textOverflow === 'ellipsis'
        || ['hidden', 'clip'].includes(style.overflowX))) problems.push('cut: ' + name);
    if ((ownText || el.tagName === 'SELECT' || el.tagName === 'BUTTON')
        && box.right > width + 1) problems.push('off screen: ' + name);
  }
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push('sideways scroll: ' + document.documentElement.scrollWidth);
  }
  return problems;
}
"""


def open_page(page, voila_url, notebook, seed, lang):
    page.goto(f"{voila_url}/voila/render/{notebook}?seed={seed}&lang={lang}")
    page.locator(".simsuite-check").wait_for()
    assert str(seed) in page.locator(".simsuite-case-number").inner_text()


def nothing_cut_on_a_phone(page, url):
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.locator(".simsuite-check").wait_for()
    page.locator(".simsuite-new").wait_for(state="visible")
    assert page.evaluate(CUT_OFF_JS) == []


def test_first_contact_conversation_in_english_russian_and_on_a_phone(page, voila_url):
    exercise_type = get_type("first_contact")
    seed = 14  # an adult who declines services: the refusal step is part of the conversation
    scenario = exercise_type.generate({"jurisdiction": "KG"}, seed, "en")
    keys = {k.id: k for k in scenario.key.choice_keys}

    open_page(page, voila_url, "41_first_contact.ipynb", seed, "en")
    for choice_id in scenario.key.best_path:
        choice = keys[choice_id]
        page.locator(".simsuite-choices label", has_text=choice.text).click()
        page.locator(".simsuite-choose").click()
        page.locator(".simsuite-transcript").get_by_text(choice.reaction).wait_for()
    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    assert "Score: 100%" in feedback.inner_text()
    assert "Refusing services is the person's right" in feedback.inner_text()

    russian = exercise_type.generate({"jurisdiction": "KG"}, seed, "ru")
    wrong = next(
        c for c in russian.key.choice_keys if c.node == russian.key.entry and c.breaks
    )
    open_page(page, voila_url, "41_first_contact.ipynb", seed, "ru")
    page.locator(".simsuite-choices label", has_text=wrong.text).click()
    page.locator(".simsuite-choose").click()
    page.locator(".simsuite-transcript").get_by_text(wrong.reaction).wait_for()
    page.locator(".simsuite-check").click()
    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    assert "Нарушен." in text and "Разговор не закончен" in text

    nothing_cut_on_a_phone(page, f"{voila_url}/voila/render/41_first_contact.ipynb?seed={seed}")


def test_victim_file_audit_in_english_russian_and_on_a_phone(page, voila_url):
    exercise_type = get_type("victim_file")
    seed = 3
    scenario = exercise_type.generate({"jurisdiction": "KG"}, seed, "en")
    labels = dict(scenario.key.labels)

    open_page(page, voila_url, "42_victim_file.ipynb", seed, "en")
    for verdict in scenario.key.verdicts:
        field = page.locator(f".simsuite-field-{verdict.item}")
        field.locator("label", has_text=labels[verdict.status]).first.click()
    page.locator(".simsuite-check").click()
    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    assert "Score: 100%" in feedback.inner_text()

    russian = exercise_type.generate({"jurisdiction": "KG"}, seed, "ru")
    ru_labels = dict(russian.key.labels)
    missing = next(v for v in russian.key.verdicts if v.status == "missing")
    open_page(page, voila_url, "42_victim_file.ipynb", seed, "ru")
    field = page.locator(f".simsuite-field-{missing.item}")
    field.locator("label", has_text=ru_labels["complete"]).first.click()
    page.locator(".simsuite-check").click()
    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    assert "Ваша отметка" in text and "Отсутствует" in text

    nothing_cut_on_a_phone(page, f"{voila_url}/voila/render/42_victim_file.ipynb?seed={seed}")


def test_referral_routing_in_english_russian_and_on_a_phone(page, voila_url):
    exercise_type = get_type("referral")
    seed = 43  # a child whose carer took money: the child-protection body comes first
    scenario = exercise_type.generate({"jurisdiction": "KG"}, seed, "en")

    open_page(page, voila_url, "43_referral.ipynb", seed, "en")
    for decision in scenario.key.decisions:
        page.locator(f".simsuite-field-{decision.recipient} select").select_option(
            label=decision.route_label
        )
    page.locator(".simsuite-check").click()
    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    assert "Score: 100%" in text and "First: The authorised child-protection body" in text

    russian = exercise_type.generate({"jurisdiction": "KG"}, seed, "ru")
    first = russian.key.decisions[0]
    not_required = dict(russian.public.route_options)["not_required"]
    open_page(page, voila_url, "43_referral.ipynb", seed, "ru")
    page.locator(f".simsuite-field-{first.recipient} select").select_option(label=not_required)
    page.locator(".simsuite-check").click()
    feedback = page.locator(".simsuite-feedback")
    feedback.wait_for()
    assert "Вы выбрали" in feedback.inner_text() and "По порядку" in feedback.inner_text()

    nothing_cut_on_a_phone(page, f"{voila_url}/voila/render/43_referral.ipynb?seed={seed}")
